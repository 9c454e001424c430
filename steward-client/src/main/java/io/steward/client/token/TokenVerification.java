package io.steward.client.token;

import java.util.Objects;
import java.util.Optional;

/**
 * The answer to {@link OneTimeTokens#verify}.
 *
 * @param result   {@link VerifyResult#VALID}, {@link VerifyResult#EXPIRED} or {@link VerifyResult#UNKNOWN}
 * @param identity the identity the token was issued for, present only when {@link VerifyResult#VALID}
 */
public record TokenVerification(VerifyResult result, Optional<String> identity) {

    public TokenVerification {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(identity, "identity");
        if (identity.isPresent() != (result == VerifyResult.VALID)) {
            throw new IllegalArgumentException("identity must be present exactly when the result is VALID");
        }
    }

    /** Whether the token was right (and is now consumed). */
    public boolean isValid() {
        return result == VerifyResult.VALID;
    }
}
