package io.steward.client.token;

import java.util.Objects;

/**
 * The answer to {@link OneTimeCodes#verify}.
 *
 * @param result       what the verification found
 * @param attemptsLeft for {@link VerifyResult#WRONG}, how many more guesses the code allows (0 when this guess
 *                     used the last one: the next verification answers {@link VerifyResult#EXHAUSTED}); 0 for
 *                     every other result
 */
public record CodeVerification(VerifyResult result, int attemptsLeft) {

    public CodeVerification {
        Objects.requireNonNull(result, "result");
        if (attemptsLeft < 0) {
            throw new IllegalArgumentException("attemptsLeft must be >= 0, was " + attemptsLeft);
        }
    }

    /** Whether the code was right (and is now consumed). */
    public boolean isValid() {
        return result == VerifyResult.VALID;
    }
}
