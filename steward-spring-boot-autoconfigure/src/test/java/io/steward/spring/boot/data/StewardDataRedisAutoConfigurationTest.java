package io.steward.spring.boot.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.ClientOptions.DisconnectedBehavior;
import io.lettuce.core.ReadFrom;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.steward.client.StewardClient;
import io.steward.spring.boot.StewardAutoConfiguration;
import io.steward.spring.boot.StewardProperties;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisNode;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.util.ClassUtils;

/**
 * The Spring Data Redis connection factory without a Redis server: the {@link StewardClient} is made
 * with {@link StewardClient#createForNodes}, which connects to nothing, and Lettuce connects only on
 * first use.
 */
class StewardDataRedisAutoConfigurationTest {

    /** Boot 4's and Boot 3's Redis auto-configuration; the one on the class path is used. */
    private static final String[] BOOT_REDIS_AUTO_CONFIGURATION = {
        "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
        "org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration"
    };

    private final ApplicationContextRunner base = new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(StewardAutoConfiguration.class, StewardDataRedisAutoConfiguration.class))
            .withUserConfiguration(UnconnectedClient.class)
            .withPropertyValues(
                    "steward.user=app",
                    "steward.password=s3cret",
                    "steward.command-timeout=3s",
                    "steward.connect-timeout=750ms",
                    "steward.client-name=orders-web");

    private final ApplicationContextRunner runner = base.withPropertyValues(
            "steward.mode=sentinel", "steward.endpoints=10.0.0.1:26379,10.0.0.2:26380", "steward.master-name=orders");

    @Test
    void shouldBuildSentinelFactoryFromStewardSettings() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(RedisConnectionFactory.class);
            LettuceConnectionFactory factory = context.getBean(LettuceConnectionFactory.class);
            RedisSentinelConfiguration sentinel = factory.getSentinelConfiguration();
            assertThat(sentinel).isNotNull();
            assertThat(sentinel.getMaster().getName()).isEqualTo("orders");
            assertThat(sentinel.getSentinels())
                    .extracting(RedisNode::getHost, RedisNode::getPort)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("10.0.0.1", 26379),
                            org.assertj.core.groups.Tuple.tuple("10.0.0.2", 26380));
            assertThat(sentinel.getUsername()).isEqualTo("app");
            assertThat(sentinel.getPassword().get()).containsExactly("s3cret".toCharArray());
            assertThat(sentinel.getSentinelUsername()).isEqualTo("app");
            assertThat(sentinel.getSentinelPassword().get()).containsExactly("s3cret".toCharArray());
            assertThat(factory.getClientName()).isEqualTo("orders-web");
            assertThat(factory.getClientConfiguration().getCommandTimeout()).isEqualTo(Duration.ofSeconds(3));
            io.lettuce.core.ClientOptions lettuce =
                    factory.getClientConfiguration().getClientOptions().orElseThrow();
            assertThat(lettuce.getSocketOptions().getConnectTimeout()).isEqualTo(Duration.ofMillis(750));
            assertThat(lettuce.isAutoReconnect()).isTrue();
            assertThat(lettuce.getDisconnectedBehavior()).isEqualTo(DisconnectedBehavior.REJECT_COMMANDS);
            assertThat(factory.isUseSsl()).isFalse();
            assertThat(factory.getClientConfiguration().getReadFrom())
                    .as("Master/Replica connections, which follow Sentinel's +switch-master")
                    .contains(ReadFrom.UPSTREAM);
        });
    }

    @Test
    void shouldRunOnStewardClientsLettuceResources() {
        runner.run(context -> assertThat(
                        context.getBean(LettuceConnectionFactory.class).getClientResources())
                .isSameAs(context.getBean(StewardClient.class).resources()));
    }

    @Test
    void shouldBuildStandaloneFactoryWithAclUser() {
        base.withPropertyValues("steward.mode=standalone", "steward.endpoints=10.0.0.7:6390")
                .run(context -> {
                    LettuceConnectionFactory factory = context.getBean(LettuceConnectionFactory.class);
                    assertThat(factory.getSentinelConfiguration()).isNull();
                    assertThat(factory.getStandaloneConfiguration().getHostName())
                            .isEqualTo("10.0.0.7");
                    assertThat(factory.getStandaloneConfiguration().getPort()).isEqualTo(6390);
                    assertThat(factory.getStandaloneConfiguration().getUsername())
                            .isEqualTo("app");
                    assertThat(factory.getClientConfiguration().getReadFrom()).isEmpty();
                });
    }

    @Test
    void shouldBuildClusterFactoryWithTopologyRefresh() {
        base.withPropertyValues("steward.mode=cluster", "steward.endpoints=10.0.0.7:7000,10.0.0.8:7001")
                .run(context -> {
                    LettuceConnectionFactory factory = context.getBean(LettuceConnectionFactory.class);
                    assertThat(factory.getClusterConfiguration().getClusterNodes())
                            .extracting(RedisNode::getPort)
                            .containsExactlyInAnyOrder(7000, 7001);
                    assertThat(factory.getClusterConfiguration().getUsername()).isEqualTo("app");
                    assertThat(factory.getClientConfiguration().getClientOptions())
                            .get()
                            .isInstanceOfSatisfying(ClusterClientOptions.class, options -> assertThat(
                                            options.getTopologyRefreshOptions().isPeriodicRefreshEnabled())
                                    .isTrue());
                });
    }

    @Test
    void shouldRunBeforeBootsRedisAutoConfigurationSoBootsFactoryBacksOff() throws ClassNotFoundException {
        runner.withConfiguration(AutoConfigurations.of(bootRedisAutoConfiguration()))
                .run(context -> {
                    assertThat(context).hasSingleBean(RedisConnectionFactory.class);
                    LettuceConnectionFactory factory = context.getBean(LettuceConnectionFactory.class);
                    assertThat(factory.getSentinelConfiguration()).isNotNull();
                    assertThat(factory.getSentinelConfiguration().getMaster().getName())
                            .isEqualTo("orders");
                    assertThat(context.getBean(StringRedisTemplate.class).getConnectionFactory())
                            .isSameAs(factory);
                });
    }

    @Test
    void shouldBackOffWhenApplicationDefinesItsOwnConnectionFactory() {
        LettuceConnectionFactory own = new LettuceConnectionFactory("10.9.9.9", 6379);
        runner.withBean("ownRedisConnectionFactory", RedisConnectionFactory.class, () -> own)
                .run(context -> {
                    assertThat(context).hasSingleBean(RedisConnectionFactory.class);
                    assertThat(context.getBean(RedisConnectionFactory.class)).isSameAs(own);
                });
    }

    @Test
    void shouldNotConfigureFactoryWithoutSpringDataRedis() {
        runner.withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean("redisConnectionFactory");
                    assertThat(context).hasSingleBean(StewardClient.class);
                });
    }

    @Test
    void shouldNotConfigureFactoryWhenDisabled() {
        runner.withPropertyValues("steward.data-redis.enabled=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(RedisConnectionFactory.class);
        });
    }

    @Test
    void shouldReadEnabledThroughConditionWithoutPropertiesBean() {
        runner.withPropertyValues("steward.data-redis.enabled=true").run(context -> {
            assertThat(context).hasSingleBean(RedisConnectionFactory.class);
            assertThat(context).doesNotHaveBean(StewardDataRedisProperties.class);
        });
    }

    @Test
    void shouldFailStartNamingPropertyWhenEnabledIsNotBoolean() {
        runner.withPropertyValues("steward.data-redis.enabled=maybe")
                .run(context -> assertThat(startupFailure(context)).contains("steward.data-redis.enabled"));
    }

    @Test
    void shouldFailStartNamingStewardPropertyWhenSettingsAreBad() {
        runner.withPropertyValues("steward.master-name=")
                .run(context -> assertThat(startupFailure(context)).contains("steward.master-name"));
    }

    @Test
    void shouldNotConfigureFactoryWithoutStewardClient() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(StewardDataRedisAutoConfiguration.class))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(RedisConnectionFactory.class);
                });
    }

    private static Class<?> bootRedisAutoConfiguration() throws ClassNotFoundException {
        ClassLoader loader = StewardDataRedisAutoConfigurationTest.class.getClassLoader();
        String present = Stream.of(BOOT_REDIS_AUTO_CONFIGURATION)
                .filter(name -> ClassUtils.isPresent(name, loader))
                .findFirst()
                .orElseThrow(
                        () -> new IllegalStateException("no Spring Boot Redis auto-configuration on the class path"));
        return ClassUtils.forName(present, loader);
    }

    private static String startupFailure(AssertableApplicationContext context) {
        assertThat(context).hasFailed();
        StringBuilder messages = new StringBuilder();
        for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        return messages.toString();
    }

    /** A client over the {@code steward.*} options that opens no connection. */
    @Configuration(proxyBeanMethods = false)
    static class UnconnectedClient {

        @Bean(destroyMethod = "close")
        StewardClient stewardClient(StewardProperties properties) {
            return StewardClient.createForNodes(properties.toClientOptions());
        }
    }
}
