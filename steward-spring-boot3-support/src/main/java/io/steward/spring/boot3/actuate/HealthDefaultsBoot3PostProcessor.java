package io.steward.spring.boot3.actuate;

import io.steward.spring.boot.actuate.HealthDefaults;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Boot 3's hook for {@link HealthDefaults} (Boot 3 reads environment post-processors under this
 * interface's name only). Boot 4 still runs it as well; adding the default is idempotent.
 */
final class HealthDefaultsBoot3PostProcessor implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        HealthDefaults.addDefault(environment);
    }
}
