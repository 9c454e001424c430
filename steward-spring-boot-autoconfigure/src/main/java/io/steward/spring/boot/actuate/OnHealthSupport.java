package io.steward.spring.boot.actuate;

import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;

/** Matches when a health API of Boot 4 ({@code spring-boot-health}) or Boot 3 (actuator) is on the class path. */
final class OnHealthSupport extends AnyNestedCondition {

    /** Boot 4's health indicator, in {@code spring-boot-health}. */
    static final String BOOT4_HEALTH_INDICATOR = "org.springframework.boot.health.contributor.HealthIndicator";

    /** Boot 3's health indicator, in {@code spring-boot-actuator}. */
    static final String BOOT3_HEALTH_INDICATOR = "org.springframework.boot.actuate.health.HealthIndicator";

    OnHealthSupport() {
        super(ConfigurationPhase.REGISTER_BEAN);
    }

    @ConditionalOnClass(name = BOOT4_HEALTH_INDICATOR)
    static final class Boot4 {}

    @ConditionalOnClass(name = BOOT3_HEALTH_INDICATOR)
    static final class Boot3 {}
}
