package io.steward.spring.boot.data;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code steward.data-redis.*} properties, read by {@link OnDataRedisEnabledCondition} (a value that is not a
 * boolean fails the start naming the property).
 *
 * @param enabled whether a {@code RedisConnectionFactory} over the Steward settings is auto-configured
 *                when Spring Data Redis is on the class path and the application defines none
 */
@ConfigurationProperties("steward.data-redis")
public record StewardDataRedisProperties(@DefaultValue("true") boolean enabled) {}
