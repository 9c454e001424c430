package io.steward.spring.boot.data;

import io.steward.client.StewardClient;
import io.steward.spring.boot.StewardAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * A {@link LettuceConnectionFactory} over the settings of the {@link StewardClient} bean when Spring
 * Data Redis is on the class path and the application defines no {@link RedisConnectionFactory} of
 * its own. Spring Session Data Redis, {@code RedisTemplate} and Spring Data repositories then use the
 * Steward deployment: its mode, nodes, ACL user, TLS and timeouts, on the client's Lettuce resources.
 *
 * <p>Ordered before Spring Boot's own Redis auto-configuration (Boot 4 and Boot 3 class names), whose
 * connection factory, built from {@code spring.data.redis.*} (by default an unauthenticated
 * {@code localhost:6379}), then backs off. {@code steward.data-redis.enabled=false} turns this off.
 */
@AutoConfiguration(
        after = StewardAutoConfiguration.class,
        beforeName = {
            "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
            "org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration"
        })
// by name: a class literal here makes Spring load this class's methods (and fail on LettuceConnectionFactory)
// when the class is handed over as a Class, as ApplicationContextRunner and AutoConfigurations.of do
@ConditionalOnClass(
        name = {
            "org.springframework.data.redis.connection.RedisConnectionFactory",
            "org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory"
        })
@Conditional(OnDataRedisEnabledCondition.class)
@ConditionalOnBean(StewardClient.class)
public class StewardDataRedisAutoConfiguration {

    /**
     * Named like Spring Boot's own, so configuration that refers to the factory by name finds it.
     * Destroyed before the client it depends on, whose resources it runs on.
     */
    @Bean
    @ConditionalOnMissingBean(RedisConnectionFactory.class)
    LettuceConnectionFactory redisConnectionFactory(StewardClient stewardClient) {
        return LettuceConnectionFactories.create(stewardClient);
    }
}
