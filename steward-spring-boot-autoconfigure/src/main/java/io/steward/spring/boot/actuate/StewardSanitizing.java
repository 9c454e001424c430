package io.steward.spring.boot.actuate;

import java.util.Locale;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Masks the secrets among the {@code steward.*} properties in Actuator's {@code configprops} and
 * {@code env} endpoints: since Boot 3.0 those show every value once {@code show-values} allows it, and
 * a {@link SanitizingFunction} is what masks the values a library knows to be secret. Masked: every
 * {@code steward.*} key whose last segment ends in {@code password} or {@code secret} (so
 * {@code steward.password}, not {@code steward.password-file}, which is a path), in any of Boot's
 * spellings ({@code steward.password}, {@code STEWARD_PASSWORD}). The same class on Boot 3.5 and 4.0.
 */
final class StewardSanitizing implements SanitizingFunction {

    @Override
    public SanitizableData apply(SanitizableData data) {
        return isSecret(data.getKey()) ? data.withValue(SanitizableData.SANITIZED_VALUE) : data;
    }

    /** Whether {@code key} names a secret {@code steward.*} property. */
    static boolean isSecret(String key) {
        if (key == null) {
            return false;
        }
        String normalized = key.toLowerCase(Locale.ROOT).replace('_', '.');
        if (!normalized.startsWith("steward.")) {
            return false;
        }
        String last = normalized.substring(normalized.lastIndexOf('.') + 1).replace("-", "");
        return last.endsWith("password") || last.endsWith("secret");
    }
}
