package io.steward.client.token;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenCountersTest {

    @Test
    void snapshotPutsEachCountInItsField() {
        TokenCounters counters = new TokenCounters();
        counters.issued();
        counters.refused();
        counters.refused();
        counters.error();
        counters.verified(VerifyResult.VALID, 10);
        counters.verified(VerifyResult.WRONG, 1);
        counters.verified(VerifyResult.WRONG, 1);
        counters.verified(VerifyResult.EXPIRED, 1);
        counters.verified(VerifyResult.EXHAUSTED, 1);
        counters.verified(VerifyResult.UNKNOWN, 1);
        counters.verified(VerifyResult.UNKNOWN, 1);
        counters.verified(VerifyResult.UNKNOWN, 1);

        assertThat(counters.snapshot()).isEqualTo(new TokenStats(1, 1, 7, 2, 2, 1, 1, 3, 17, 1));
        assertThat(counters.snapshot().verifications()).isEqualTo(8);
    }
}
