package io.steward.spring.boot.actuate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link StewardHealthCheck} found, independent of the Spring Boot version: Boot's health
 * indicators of each version turn it into their own {@code Health}.
 *
 * @param status  the verdict
 * @param details what it rests on, in a stable order; never a password or other secret
 */
public record StewardHealth(Status status, Map<String, Object> details) {

    /** The custom status code Boot reports for {@link Status#DEGRADED}. */
    public static final String DEGRADED_CODE = "DEGRADED";

    public StewardHealth {
        Objects.requireNonNull(status, "status");
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** The verdict of a health check. */
    public enum Status {
        /** The master answers, every replica is in sync, the cache circuit is closed, all slots are covered. */
        UP,
        /**
         * The application can still serve, with less safety or from the near cache and the loader: a
         * replica missing or behind, the cache circuit open, the master not answering within the check's
         * timeout, slots partly uncovered, a replica or sentinel rejecting the credentials.
         */
        DEGRADED,
        /** Nothing Steward needs answers: no node reachable, or a master rejects the credentials. */
        DOWN
    }
}
