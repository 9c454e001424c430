package io.steward.spring.boot.actuate;

import java.util.Map;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The starter's defaults for Actuator health, added as the property source of the lowest precedence,
 * so any setting of the application's own wins. The property names are the same on Boot 3.5 and 4.0;
 * each version's environment post-processor calls {@link #addDefault}.
 *
 * <ul>
 *   <li>{@code DEGRADED} goes into Boot's status order, between {@code OUT_OF_SERVICE} and {@code UP},
 *       so that {@code /actuator/health} reports DEGRADED overall when Steward does and everything else
 *       is UP.
 *   <li>Boot's own Redis indicator is off: the {@code steward} indicator covers the same deployment and
 *       more. Boot's pings one connection, so it reports DOWN while a paused master still lets the
 *       application serve from its near cache, and UP while a cluster has lost slots.
 * </ul>
 */
public final class HealthDefaults {

    /** The property Boot reads the status order from. */
    public static final String STATUS_ORDER = "management.endpoint.health.status.order";

    /** Boot's default order with DEGRADED added. */
    public static final String DEFAULT_ORDER = "DOWN,OUT_OF_SERVICE,DEGRADED,UP,UNKNOWN";

    /** The property that switches Boot's own Redis health indicator. */
    public static final String REDIS_INDICATOR = "management.health.redis.enabled";

    static final String SOURCE_NAME = "stewardHealthDefaults";

    private HealthDefaults() {}

    /** Adds the defaults as the last property source, once. */
    public static void addDefault(ConfigurableEnvironment environment) {
        if (!environment.getPropertySources().contains(SOURCE_NAME)) {
            environment
                    .getPropertySources()
                    .addLast(new MapPropertySource(
                            SOURCE_NAME, Map.of(STATUS_ORDER, DEFAULT_ORDER, REDIS_INDICATOR, "false")));
        }
    }
}
