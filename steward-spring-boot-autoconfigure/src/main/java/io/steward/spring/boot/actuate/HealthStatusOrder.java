package io.steward.spring.boot.actuate;

import java.util.Map;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Puts {@code DEGRADED} into Boot's health status order, between {@code OUT_OF_SERVICE} and {@code UP},
 * so that {@code /actuator/health} reports DEGRADED overall when Steward does and everything else is
 * UP. The order is a default of the lowest precedence: an application that sets
 * {@code management.endpoint.health.status.order} itself keeps its own. The property has the same name
 * on Boot 3.5 and 4.0; each version's environment post-processor calls {@link #addDefault}.
 */
public final class HealthStatusOrder {

    /** The property Boot reads the order from (Boot 3.5 and 4.0). */
    public static final String PROPERTY = "management.endpoint.health.status.order";

    /** Boot's default order with DEGRADED added. */
    public static final String DEFAULT_ORDER = "DOWN,OUT_OF_SERVICE,DEGRADED,UP,UNKNOWN";

    static final String SOURCE_NAME = "stewardHealthStatusOrder";

    private HealthStatusOrder() {}

    /** Adds the default order as the last property source, once. */
    public static void addDefault(ConfigurableEnvironment environment) {
        if (!environment.getPropertySources().contains(SOURCE_NAME)) {
            environment
                    .getPropertySources()
                    .addLast(new MapPropertySource(SOURCE_NAME, Map.of(PROPERTY, DEFAULT_ORDER)));
        }
    }
}
