package io.steward.client.token;

import java.time.Duration;
import java.util.Objects;

/**
 * The answer to {@link OneTimeCodes#issue}.
 *
 * @param issued     whether a new code was issued; {@code false} when the resend cooldown refused it
 * @param code       the code to send to the user, {@code null} when refused. Steward keeps only its keyed hash:
 *                   this is the one and only time the code can be read
 * @param expiresIn  how long the new code is valid, {@link Duration#ZERO} when refused
 * @param retryAfter how long until {@link OneTimeCodes#issue} may issue the next code for this identity and
 *                   purpose: the resend cooldown when issued, what is left of it when refused
 */
public record IssuedCode(boolean issued, String code, Duration expiresIn, Duration retryAfter) {

    public IssuedCode {
        Objects.requireNonNull(expiresIn, "expiresIn");
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (issued != (code != null)) {
            throw new IllegalArgumentException("code must be present exactly when issued");
        }
    }

    /** Never shows the code, so that logging the record does not leak it. */
    @Override
    public String toString() {
        return "IssuedCode[issued=" + issued + ", code=" + (code == null ? "null" : "<hidden>") + ", expiresIn="
                + expiresIn + ", retryAfter=" + retryAfter + "]";
    }
}
