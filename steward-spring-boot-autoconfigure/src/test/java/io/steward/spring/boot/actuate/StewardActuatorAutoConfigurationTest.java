package io.steward.spring.boot.actuate;

import static io.steward.spring.boot.actuate.ActuatorTestSupport.clientOfNothing;
import static io.steward.spring.boot.actuate.ActuatorTestSupport.detailsOf;
import static io.steward.spring.boot.actuate.ActuatorTestSupport.startupFailure;
import static io.steward.spring.boot.actuate.ActuatorTestSupport.statusOf;
import static io.steward.spring.boot.actuate.ActuatorTestSupport.stewardAutoConfigurations;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.steward.client.StewardClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The conditions of {@link StewardActuatorAutoConfiguration}, without a Redis server: the application's
 * client points at a port nobody listens on ({@link StewardClient#createForNodes} connects lazily).
 * Version-neutral: runs on Boot 4.0 here and on Boot 3.5 in steward-spring-boot3-tests.
 */
class StewardActuatorAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(stewardAutoConfigurations())
            .withBean(StewardClient.class, ActuatorTestSupport::clientOfNothing, d -> d.setDestroyMethodName("close"))
            .withPropertyValues("steward.health.timeout=500ms");

    @Test
    void shouldRegisterStewardHealthIndicatorWhenHealthApiIsPresent() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(StewardHealthCheck.class);
            assertThat(context).hasBean(StewardActuatorAutoConfiguration.HEALTH_INDICATOR_BEAN);
        });
    }

    @Test
    void shouldReportDownWhenNoNodeAnswers() {
        // a timeout long enough for the first connection attempt, which starts the client's event loops
        runner.withPropertyValues("steward.health.timeout=10s").run(context -> {
            Object indicator = context.getBean(StewardActuatorAutoConfiguration.HEALTH_INDICATOR_BEAN);
            Map<String, Object> details = detailsOf(indicator);
            assertThat(statusOf(indicator)).as("%s", details).isEqualTo("DOWN");
            assertThat(details).containsEntry("mode", "standalone").containsKey("master");
            assertThat(details.get("problems").toString()).contains("connection refused");
        });
    }

    @Test
    void shouldConfigureNoActuatorPartWithoutActuatorOnClassPath() {
        runner.withClassLoader(
                        new FilteredClassLoader("org.springframework.boot.health", "org.springframework.boot.actuate"))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(StewardHealthCheck.class);
                    assertThat(context).doesNotHaveBean(StewardActuatorAutoConfiguration.HEALTH_INDICATOR_BEAN);
                    assertThat(context).doesNotHaveBean(StewardEndpoint.class);
                });
    }

    @Test
    void shouldNotConfigureHealthWhenDisabledByProperty() {
        runner.withPropertyValues("management.health.steward.enabled=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(StewardHealthCheck.class);
            assertThat(context).doesNotHaveBean(StewardActuatorAutoConfiguration.HEALTH_INDICATOR_BEAN);
        });
    }

    @Test
    void shouldFollowHealthDefaultsUnlessStewardIsEnabledExplicitly() {
        runner.withPropertyValues("management.health.defaults.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(StewardHealthCheck.class));
        runner.withPropertyValues("management.health.defaults.enabled=false", "management.health.steward.enabled=true")
                .run(context -> assertThat(context).hasSingleBean(StewardHealthCheck.class));
    }

    @Test
    void shouldUseApplicationsOwnHealthCheck() {
        StewardHealthCheck own =
                new StewardHealthCheck(clientOfNothing(), null, Duration.ofMillis(300), Duration.ofSeconds(10));
        runner.withBean(StewardHealthCheck.class, () -> own).run(context -> {
            assertThat(context).getBean(StewardHealthCheck.class).isSameAs(own);
            assertThat(context).hasBean(StewardActuatorAutoConfiguration.HEALTH_INDICATOR_BEAN);
        });
    }

    @Test
    void shouldUseApplicationsOwnBeanNamedSteward() {
        runner.withBean("steward", String.class, () -> "the application's").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean("steward")).isEqualTo("the application's");
        });
    }

    @Test
    void shouldNotConfigureHealthWithoutStewardClient() {
        new ApplicationContextRunner()
                .withConfiguration(stewardAutoConfigurations())
                .withClassLoader(new FilteredClassLoader(StewardClient.class))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(StewardHealthCheck.class);
                });
    }

    @Test
    void shouldFailStartNamingHealthTimeoutThatIsNotPositive() {
        runner.withPropertyValues("steward.health.timeout=0s").run(context -> assertThat(startupFailure(context))
                .contains("steward.health.timeout: must be a positive"));
    }

    @Test
    void shouldFailStartNamingReplicaMaxLagThatIsNotPositive() {
        runner.withPropertyValues("steward.health.replica-max-lag=-1s")
                .run(context -> assertThat(startupFailure(context)).contains("steward.health.replica-max-lag"));
    }

    @Test
    void shouldBindConnectionMetricsWhenMeterRegistryIsPresent() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            assertThat(context).hasSingleBean(ConnectionEventMetrics.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            context.getBean(ConnectionEventMetrics.class).bindTo(registry);
            assertThat(registry.find(ConnectionEventMetrics.METER)
                            .tag("event", "activated")
                            .functionCounter())
                    .isNotNull();
        });
    }

    @Test
    void shouldNotBindMetricsWithoutMeterRegistry() {
        runner.run(context -> assertThat(context).doesNotHaveBean(ConnectionEventMetrics.class));
    }

    @Test
    void shouldNotBindMetricsWithoutMicrometerOnClassPath() {
        runner.withClassLoader(new FilteredClassLoader(MeterBinder.class))
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .run(context -> assertThat(context).doesNotHaveBean(ConnectionEventMetrics.class));
    }

    @Test
    void shouldUseApplicationsOwnConnectionMetrics() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withBean("mine", ConnectionEventMetrics.class, () -> new ConnectionEventMetrics(clientOfNothing()))
                .run(context -> assertThat(context.getBeansOfType(ConnectionEventMetrics.class))
                        .containsOnlyKeys("mine"));
    }

    @Test
    void shouldNotConfigureEndpointWithoutStewardCache() {
        runner.run(context -> assertThat(context).doesNotHaveBean(StewardEndpoint.class));
    }

    @Test
    void shouldMaskStewardPasswordInEnvEndpointEvenWhenValuesAreShown() {
        runner.withPropertyValues("steward.password=s3cret-pw", "steward.user=app")
                .run(context -> {
                    List<SanitizingFunction> sanitizing = context.getBeanProvider(SanitizingFunction.class)
                            .orderedStream()
                            .toList();
                    EnvironmentEndpoint env =
                            new EnvironmentEndpoint(context.getEnvironment(), sanitizing, Show.ALWAYS);
                    assertThat(env.environmentEntry("steward.password")
                                    .getProperty()
                                    .getValue())
                            .isEqualTo(SanitizableData.SANITIZED_VALUE);
                    assertThat(env.environmentEntry("steward.user")
                                    .getProperty()
                                    .getValue())
                            .isEqualTo("app");
                });
    }

    @Test
    void shouldMaskStewardPasswordInConfigpropsEndpointEvenWhenValuesAreShown() {
        runner.withPropertyValues("steward.password=s3cret-pw", "steward.user=app")
                .run(context -> {
                    ConfigurationPropertiesReportEndpoint configprops = new ConfigurationPropertiesReportEndpoint(
                            context.getBeanProvider(SanitizingFunction.class)
                                    .orderedStream()
                                    .toList(),
                            Show.ALWAYS);
                    configprops.setApplicationContext(context);
                    String shown =
                            configprops.configurationPropertiesWithPrefix("steward").getContexts().values().stream()
                                    .flatMap(c -> c.getBeans().values().stream())
                                    .map(b -> b.getProperties().toString())
                                    .collect(Collectors.joining("\n"));
                    assertThat(shown).contains("user=app").doesNotContain("s3cret-pw");
                });
    }

    @Test
    void shouldMaskSecretStewardKeysInEverySpelling() {
        assertThat(StewardSanitizing.isSecret("steward.password")).isTrue();
        assertThat(StewardSanitizing.isSecret("STEWARD_PASSWORD")).isTrue();
        assertThat(StewardSanitizing.isSecret("steward.codes.secret")).isTrue();
        assertThat(StewardSanitizing.isSecret("steward.password-file")).isFalse();
        assertThat(StewardSanitizing.isSecret("steward.user")).isFalse();
        assertThat(StewardSanitizing.isSecret("spring.datasource.password")).isFalse();
    }

    @Test
    void shouldKeepMaskingWhenApplicationHasItsOwnSanitizingFunction() {
        runner.withBean("mine", SanitizingFunction.class, () -> data -> data)
                .run(context -> assertThat(context).hasBean(StewardActuatorAutoConfiguration.SANITIZING_BEAN));
    }

    @Test
    void shouldNotMaskWithoutActuatorOnClassPath() {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(StewardActuatorAutoConfiguration.SANITIZING_BEAN);
                });
    }

    @Test
    void shouldPutDegradedBetweenOutOfServiceAndUpByDefault() {
        StandardEnvironment environment = new StandardEnvironment();
        HealthDefaults.addDefault(environment);
        HealthDefaults.addDefault(environment);
        assertThat(environment.getProperty(HealthDefaults.STATUS_ORDER))
                .isEqualTo("DOWN,OUT_OF_SERVICE,DEGRADED,UP,UNKNOWN");
        assertThat(environment.getPropertySources().stream()
                        .filter(s -> s.getName().equals(HealthDefaults.SOURCE_NAME)))
                .hasSize(1);
    }

    @Test
    void shouldKeepApplicationsOwnStatusOrder() {
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource("application", Map.of(HealthDefaults.STATUS_ORDER, "DOWN,UP")));
        HealthDefaults.addDefault(environment);
        assertThat(environment.getProperty(HealthDefaults.STATUS_ORDER)).isEqualTo("DOWN,UP");
    }

    @Test
    void shouldTurnBootsRedisIndicatorOffUnlessTheApplicationTurnsItOn() {
        StandardEnvironment defaults = new StandardEnvironment();
        HealthDefaults.addDefault(defaults);
        assertThat(defaults.getProperty(HealthDefaults.REDIS_INDICATOR)).isEqualTo("false");

        StandardEnvironment own = new StandardEnvironment();
        own.getPropertySources()
                .addFirst(new MapPropertySource("application", Map.of(HealthDefaults.REDIS_INDICATOR, "true")));
        HealthDefaults.addDefault(own);
        assertThat(own.getProperty(HealthDefaults.REDIS_INDICATOR)).isEqualTo("true");
    }

    @Test
    void shouldLeaveBootsRedisIndicatorAloneWhenStewardIndicatorOrDataRedisIsOff() {
        for (Map<String, Object> off : List.<Map<String, Object>>of(
                Map.of("management.health.steward.enabled", "false"),
                Map.of("management.health.defaults.enabled", "false"),
                Map.of("steward.data-redis.enabled", "false"))) {
            StandardEnvironment environment = new StandardEnvironment();
            environment.getPropertySources().addFirst(new MapPropertySource("application", off));
            HealthDefaults.addDefault(environment);
            assertThat(environment.getProperty(HealthDefaults.REDIS_INDICATOR))
                    .as("%s", off)
                    .isNull();
            assertThat(environment.getProperty(HealthDefaults.STATUS_ORDER)).isEqualTo(HealthDefaults.DEFAULT_ORDER);
        }
        StandardEnvironment explicitlyOn = new StandardEnvironment();
        explicitlyOn
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "application",
                        Map.of(
                                "management.health.defaults.enabled",
                                "false",
                                "management.health.steward.enabled",
                                "true")));
        HealthDefaults.addDefault(explicitlyOn);
        assertThat(explicitlyOn.getProperty(HealthDefaults.REDIS_INDICATOR)).isEqualTo("false");
    }

    @Test
    void shouldReadStewardIndicatorSwitchFromApplicationConfigFile(@TempDir Path dir) throws IOException {
        Path config =
                Files.writeString(dir.resolve("application.properties"), "management.health.steward.enabled=false\n");
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(Empty.class)
                .web(WebApplicationType.NONE)
                .run("--spring.config.location=file:" + config)) {
            assertThat(app.getEnvironment().getProperty("management.health.steward.enabled"))
                    .isEqualTo("false");
            assertThat(app.getEnvironment().getProperty(HealthDefaults.REDIS_INDICATOR))
                    .isNull();
            assertThat(app.getEnvironment().getProperty(HealthDefaults.STATUS_ORDER))
                    .isEqualTo(HealthDefaults.DEFAULT_ORDER);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Empty {}
}
