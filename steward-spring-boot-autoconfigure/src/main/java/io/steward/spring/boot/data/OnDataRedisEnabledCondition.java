package io.steward.spring.boot.data;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches unless {@code steward.data-redis.enabled} is {@code false}. Unlike
 * {@code @ConditionalOnProperty}, a value that is not a boolean fails the start naming the property
 * instead of quietly counting as "off". The condition is the only reader of {@link StewardDataRedisProperties}
 * (no bean of them is registered).
 */
class OnDataRedisEnabledCondition extends SpringBootCondition {

    static final String PROPERTY = "steward.data-redis.enabled";

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        boolean enabled = Binder.get(context.getEnvironment())
                .bind("steward.data-redis", StewardDataRedisProperties.class)
                .map(StewardDataRedisProperties::enabled)
                .orElse(true);
        return enabled
                ? ConditionOutcome.match(PROPERTY + " is not false")
                : ConditionOutcome.noMatch(PROPERTY + " is false");
    }
}
