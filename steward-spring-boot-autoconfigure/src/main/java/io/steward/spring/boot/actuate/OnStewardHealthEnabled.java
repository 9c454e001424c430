package io.steward.spring.boot.actuate;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Boot's rule for a health indicator, for {@code steward}: {@code management.health.steward.enabled},
 * else {@code management.health.defaults.enabled}, else on. (Boot's own condition for it lives in a
 * package that differs between Boot 3 and 4.)
 */
final class OnStewardHealthEnabled extends SpringBootCondition {

    static final String PROPERTY = "management.health.steward.enabled";
    static final String DEFAULTS_PROPERTY = "management.health.defaults.enabled";

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Boolean own = context.getEnvironment().getProperty(PROPERTY, Boolean.class);
        if (own != null) {
            return new ConditionOutcome(own, PROPERTY + " is " + own);
        }
        boolean defaults = context.getEnvironment().getProperty(DEFAULTS_PROPERTY, Boolean.class, true);
        return new ConditionOutcome(defaults, DEFAULTS_PROPERTY + " is " + defaults);
    }
}
