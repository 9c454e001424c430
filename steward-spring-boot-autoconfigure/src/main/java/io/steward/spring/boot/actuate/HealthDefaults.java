package io.steward.spring.boot.actuate;

import java.util.LinkedHashMap;
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
 *   <li>Boot's own Redis indicator is off when the {@code steward} indicator covers the same deployment:
 *       Boot's pings one connection, so it reports DOWN while a paused master still lets the
 *       application serve from its near cache, and UP while a cluster has lost slots. It stays as Boot
 *       has it when the {@code steward} indicator is off ({@code management.health.steward.enabled=false},
 *       or {@code management.health.defaults.enabled=false} without the former) or Spring Data Redis does
 *       not talk to Steward ({@code steward.data-redis.enabled=false}).
 * </ul>
 *
 * <p>The post-processors run after Boot has loaded the application's config data, so these switches
 * are read from {@code application.properties} and the like as well.
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

    /** The property that says whether the starter's {@code RedisConnectionFactory} talks to Steward. */
    static final String DATA_REDIS = "steward.data-redis.enabled";

    /** Adds the defaults as the last property source, once. */
    public static void addDefault(ConfigurableEnvironment environment) {
        if (environment.getPropertySources().contains(SOURCE_NAME)) {
            return;
        }
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put(STATUS_ORDER, DEFAULT_ORDER);
        if (stewardIndicatorCoversRedis(environment)) {
            defaults.put(REDIS_INDICATOR, "false");
        }
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, defaults));
    }

    /**
     * Whether the {@code steward} indicator is on (Boot's rule, as {@link OnStewardHealthEnabled}) and
     * Spring Data Redis may talk to Steward. Read as text: a value that is no boolean fails the start
     * where the property is bound, not here.
     */
    private static boolean stewardIndicatorCoversRedis(ConfigurableEnvironment environment) {
        String own = environment.getProperty(OnStewardHealthEnabled.PROPERTY);
        boolean indicator = own != null
                ? !isFalse(own)
                : !isFalse(environment.getProperty(OnStewardHealthEnabled.DEFAULTS_PROPERTY));
        return indicator && !isFalse(environment.getProperty(DATA_REDIS));
    }

    private static boolean isFalse(String value) {
        return value != null && "false".equalsIgnoreCase(value.trim());
    }
}
