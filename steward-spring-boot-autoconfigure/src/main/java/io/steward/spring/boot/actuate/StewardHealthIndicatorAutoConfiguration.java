package io.steward.spring.boot.actuate;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Spring Boot 4's {@code steward} health indicator ({@code /actuator/health/steward}) over the
 * {@link StewardHealthCheck} bean. A class of its own, after {@link StewardActuatorAutoConfiguration},
 * so that the check bean (the application's or the auto-configured one) is known when its condition is
 * evaluated; referred to by name, Boot 4's health API is absent on Boot 3, where
 * {@code steward-spring-boot3-support} defines the indicator instead.
 */
@AutoConfiguration(after = StewardActuatorAutoConfiguration.class)
@ConditionalOnClass(name = OnHealthSupport.BOOT4_HEALTH_INDICATOR)
@ConditionalOnBean(StewardHealthCheck.class)
public class StewardHealthIndicatorAutoConfiguration {

    @Bean(StewardActuatorAutoConfiguration.HEALTH_INDICATOR_BEAN)
    @ConditionalOnMissingBean(name = StewardActuatorAutoConfiguration.HEALTH_INDICATOR_BEAN)
    HealthIndicator steward(StewardHealthCheck stewardHealthCheck) {
        return new StewardHealthIndicator(stewardHealthCheck);
    }
}
