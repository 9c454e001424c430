package io.steward.spring.boot3.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.steward.HostAndPort;
import io.steward.client.ClientOptions;
import io.steward.client.StewardClient;
import io.steward.spring.boot.StewardAutoConfiguration;
import io.steward.spring.boot.actuate.StewardActuatorAutoConfiguration;
import io.steward.spring.boot.actuate.StewardHealthIndicatorAutoConfiguration;
import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Boot 3.5's {@code steward} health indicator; the application's client points at a port nobody listens on. */
class StewardBoot3HealthAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    StewardAutoConfiguration.class,
                    StewardActuatorAutoConfiguration.class,
                    StewardHealthIndicatorAutoConfiguration.class,
                    StewardBoot3HealthAutoConfiguration.class))
            .withBean(
                    StewardClient.class,
                    StewardBoot3HealthAutoConfigurationTest::clientOfNothing,
                    d -> d.setDestroyMethodName("close"))
            .withPropertyValues("steward.health.timeout=10s");

    @Test
    void shouldRegisterBoot3StewardHealthIndicatorOnBoot35() {
        assertThat(SpringBootVersion.getVersion()).startsWith("3.5.");
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).getBean("steward").isInstanceOf(HealthIndicator.class);
            HealthIndicator steward = context.getBean("steward", HealthIndicator.class);
            assertThat(steward.health().getStatus()).isEqualTo(Status.DOWN);
            assertThat(steward.health().getDetails()).containsEntry("mode", "standalone");
        });
    }

    @Test
    void shouldNotRegisterIndicatorWithoutBoot3HealthApi() {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
                .run(context -> assertThat(context).doesNotHaveBean("steward"));
    }

    @Test
    void shouldUseApplicationsOwnBeanNamedSteward() {
        HealthIndicator own =
                () -> org.springframework.boot.actuate.health.Health.up().build();
        runner.withBean("steward", HealthIndicator.class, () -> own)
                .run(context -> assertThat(context.getBean("steward")).isSameAs(own));
    }

    private static StewardClient clientOfNothing() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return StewardClient.createForNodes(ClientOptions.builder()
                    .endpoint(HostAndPort.of("127.0.0.1", socket.getLocalPort()))
                    .build());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
