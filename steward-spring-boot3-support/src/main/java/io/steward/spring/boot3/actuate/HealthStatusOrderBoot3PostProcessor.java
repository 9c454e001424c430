package io.steward.spring.boot3.actuate;

import io.steward.spring.boot.actuate.HealthStatusOrder;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Boot 3's hook for {@link HealthStatusOrder} (Boot 3 reads environment post-processors under this
 * interface's name only). Boot 4 still runs it as well; adding the default is idempotent.
 */
final class HealthStatusOrderBoot3PostProcessor implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        HealthStatusOrder.addDefault(environment);
    }
}
