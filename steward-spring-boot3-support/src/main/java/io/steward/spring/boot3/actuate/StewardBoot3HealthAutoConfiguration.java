package io.steward.spring.boot3.actuate;

import io.steward.spring.boot.actuate.StewardActuatorAutoConfiguration;
import io.steward.spring.boot.actuate.StewardHealthCheck;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Spring Boot 3's {@code steward} health indicator over the {@link StewardHealthCheck} bean of
 * {@link StewardActuatorAutoConfiguration}. Boot 3's health API is absent on Boot 4 (it moved to
 * {@code org.springframework.boot.health.contributor}), so on Boot 4 this backs off and the
 * autoconfigure module's own indicator applies.
 */
@AutoConfiguration(after = StewardActuatorAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
@ConditionalOnBean(StewardHealthCheck.class)
public class StewardBoot3HealthAutoConfiguration {

    @Bean(StewardActuatorAutoConfiguration.HEALTH_INDICATOR_BEAN)
    @ConditionalOnMissingBean(name = StewardActuatorAutoConfiguration.HEALTH_INDICATOR_BEAN)
    HealthIndicator steward(StewardHealthCheck stewardHealthCheck) {
        return new StewardBoot3HealthIndicator(stewardHealthCheck);
    }
}
