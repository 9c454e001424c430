package io.steward.spring.boot3;

import static org.assertj.core.api.Assertions.assertThat;

import io.steward.client.ClientOptions;
import io.steward.client.StewardClient;
import io.steward.spring.boot.StewardProperties;
import io.steward.spring.boot.coordination.StewardRateLimiters;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.ClassUtils;

/** What Spring Boot 3.5 itself makes of the starter built against Boot 4. */
class SpringBoot35StarterTest {

    @Test
    void shouldRunOnSpringBoot35() {
        assertThat(SpringBootVersion.getVersion()).startsWith("3.5.");
    }

    /**
     * Every Steward auto-configuration that Boot 3.5 finds through its imports file is parsed and its conditions
     * evaluated (a Boot 4 class referred to by type instead of by name would fail here); the context starts
     * lazily, so no client connects.
     */
    @Test
    void shouldStartContextWithEveryStewardAutoConfigurationOfBoot3Imports() throws ClassNotFoundException {
        List<Class<?>> steward = new ArrayList<>();
        for (String name :
                ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader())) {
            if (name.startsWith("io.steward.")) {
                steward.add(ClassUtils.forName(name, getClass().getClassLoader()));
            }
        }
        assertThat(steward).hasSizeGreaterThanOrEqualTo(3);
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(steward.toArray(Class<?>[]::new)))
                .withInitializer(context ->
                        context.addBeanFactoryPostProcessor(new LazyInitializationBeanFactoryPostProcessor()))
                .withPropertyValues(
                        "steward.endpoints=127.0.0.1:1",
                        // a connection factory is a Lifecycle bean, started even in a lazy context
                        "steward.data-redis.enabled=false",
                        "steward.rate-limits.login.limits[0].limit=1",
                        "steward.rate-limits.login.limits[0].period=1h")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(StewardProperties.class);
                    assertThat(context).hasSingleBean(ClientOptions.class);
                    assertThat(context).hasSingleBean(StewardClient.class);
                    assertThat(context).hasSingleBean(StewardRateLimiters.class);
                });
    }
}
