package io.steward.spring.boot.actuate;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;

/** Boot 4's hook for {@link HealthStatusOrder}; registered in {@code META-INF/spring.factories}. */
final class HealthStatusOrderPostProcessor implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        HealthStatusOrder.addDefault(environment);
    }
}
