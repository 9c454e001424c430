package io.steward.spring.boot.starter;

import static org.assertj.core.api.Assertions.assertThat;

import io.steward.HostAndPort;
import io.steward.client.ClientOptions;
import io.steward.client.StewardClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * The starter's whole class path on Boot 4, where steward-spring-boot3-support sits next to the
 * autoconfigure module: Boot 4's indicator applies, Boot 3's backs off, and both versions' status-order
 * hooks leave one default.
 */
class StarterOnBoot4Test {

    @Test
    void shouldUseBoot4IndicatorWithBoot3SupportOnClassPath() {
        assertThat(SpringBootVersion.getVersion()).startsWith("4.");
        Class<?>[] steward =
                ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()).getCandidates().stream()
                        .filter(name -> name.startsWith("io.steward."))
                        .map(StarterOnBoot4Test::load)
                        .toArray(Class<?>[]::new);
        assertThat(steward)
                .extracting(Class::getName)
                .contains("io.steward.spring.boot3.actuate.StewardBoot3HealthAutoConfiguration");
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(steward))
                .withBean(
                        StewardClient.class, StarterOnBoot4Test::clientOfNothing, d -> d.setDestroyMethodName("close"))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).getBean("steward").isInstanceOf(HealthIndicator.class);
                    assertThat(context.getBeanNamesForType(HealthIndicator.class))
                            .containsExactly("steward");
                });
    }

    @Test
    void shouldAddDegradedToStatusOrderInSpringApplication() {
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(Empty.class)
                .web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off", "management.health.steward.enabled=false")
                .run()) {
            assertThat(app.getEnvironment().getProperty("management.endpoint.health.status.order"))
                    .isEqualTo("DOWN,OUT_OF_SERVICE,DEGRADED,UP,UNKNOWN");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Empty {}

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, StarterOnBoot4Test.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static StewardClient clientOfNothing() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return StewardClient.createForNodes(ClientOptions.builder()
                    .endpoint(HostAndPort.of("127.0.0.1", socket.getLocalPort()))
                    .build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
