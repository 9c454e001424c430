package io.steward.client.token;

/**
 * Counts since a {@link OneTimeCodes} or {@link OneTimeTokens} was created.
 *
 * @param issued      codes or tokens issued
 * @param verified    verifications that answered {@link VerifyResult#VALID}
 * @param failed      verifications that answered anything else: the sum of wrong, expired, exhausted and unknown
 * @param refused     issues refused by the resend cooldown (codes only)
 * @param wrong       verifications that answered {@link VerifyResult#WRONG}
 * @param expired     verifications that answered {@link VerifyResult#EXPIRED}
 * @param exhausted   verifications that answered {@link VerifyResult#EXHAUSTED}
 * @param unknown     verifications that answered {@link VerifyResult#UNKNOWN}
 * @param verifyNanos time spent in verifications that answered, from the call to the answer
 * @param errors      issues and verifications that failed with an exception (Redis unavailable)
 */
public record TokenStats(
        long issued,
        long verified,
        long failed,
        long refused,
        long wrong,
        long expired,
        long exhausted,
        long unknown,
        long verifyNanos,
        long errors) {

    /** Verifications that answered, whatever the result. */
    public long verifications() {
        return verified + failed;
    }
}
