package io.steward.spring.boot.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/** The condition of {@link StewardCacheAutoConfiguration}, on a configuration of its own (no Redis needed). */
class OnStewardCacheConditionTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Guarded.class);

    @Test
    void shouldMatchByDefault() {
        runner.run(context -> assertThat(context).hasBean("guarded"));
    }

    @Test
    void shouldMatchWhenSpringCacheTypeIsRedis() {
        runner.withPropertyValues("spring.cache.type=REDIS")
                .run(context -> assertThat(context).hasBean("guarded"));
    }

    @Test
    void shouldBackOffWhenSpringCacheTypeIsNone() {
        runner.withPropertyValues("spring.cache.type=none").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean("guarded");
        });
    }

    @Test
    void shouldBackOffWhenSpringCacheTypeIsAnotherCache() {
        runner.withPropertyValues("spring.cache.type=simple")
                .run(context -> assertThat(context).doesNotHaveBean("guarded"));
    }

    @Test
    void shouldBackOffWhenDisabled() {
        runner.withPropertyValues("steward.cache.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("guarded"));
    }

    @Test
    void shouldFailStartNamingPropertyWhenEnabledIsNotBoolean() {
        runner.withPropertyValues("steward.cache.enabled=maybe").run(context -> {
            assertThat(context).hasFailed();
            StringBuilder messages = new StringBuilder();
            for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
                messages.append(t.getMessage()).append('\n');
            }
            assertThat(messages.toString()).contains("steward.cache.enabled");
        });
    }

    @Configuration(proxyBeanMethods = false)
    @Conditional(OnStewardCacheCondition.class)
    static class Guarded {

        @Bean
        String guarded() {
            return "guarded";
        }
    }
}
