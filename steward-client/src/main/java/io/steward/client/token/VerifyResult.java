package io.steward.client.token;

/** What a verification of a one-time code or token found. */
public enum VerifyResult {
    /** The code or token was right and is now consumed: a second verification answers {@link #UNKNOWN}. */
    VALID,
    /** A code was outstanding but the guess was wrong; one attempt was used up. Codes only. */
    WRONG,
    /** The code or token was outstanding but its time ran out (by the Redis server's clock). */
    EXPIRED,
    /** Every attempt allowed for the code was used up; not even the right code is accepted any more. Codes only. */
    EXHAUSTED,
    /**
     * Nothing is outstanding: never issued, already consumed, gone some time after expiry, or (tokens) a token
     * that was not issued for this purpose.
     */
    UNKNOWN
}
