package io.steward.spring.boot.cache;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches unless {@code steward.cache.enabled} is {@code false} or {@code spring.cache.type} names another cache
 * than {@code redis} (such as {@code none}, common in tests, or {@code simple}). Unlike
 * {@code @ConditionalOnProperty}, a {@code steward.cache.enabled} that is not a boolean fails the start naming the
 * property instead of quietly counting as "off".
 */
class OnStewardCacheCondition extends SpringBootCondition {

    static final String ENABLED = "steward.cache.enabled";

    static final String SPRING_CACHE_TYPE = "spring.cache.type";

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Binder binder = Binder.get(context.getEnvironment());
        if (!binder.bind(ENABLED, Boolean.class).orElse(true)) {
            return ConditionOutcome.noMatch(ENABLED + " is false");
        }
        String type = binder.bind(SPRING_CACHE_TYPE, String.class).orElse(null);
        if (type != null && !type.strip().equalsIgnoreCase("redis")) {
            return ConditionOutcome.noMatch(SPRING_CACHE_TYPE + " is " + type);
        }
        return ConditionOutcome.match(ENABLED + " is not false and " + SPRING_CACHE_TYPE + " is unset or redis");
    }
}
