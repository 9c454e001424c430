package io.steward.ops.info;

import static org.assertj.core.api.Assertions.assertThat;

import io.steward.HostAndPort;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class SentinelVotesTest {

    private static final HostAndPort A = HostAndPort.of("10.0.0.1", 6379);
    private static final HostAndPort B = HostAndPort.of("10.0.0.2", 6379);

    private static HostAndPort majority(HostAndPort... named) {
        return SentinelVotes.majority(Arrays.asList(named), Function.identity());
    }

    @Test
    void namesTheMasterMoreThanHalfOfTheSentinelsName() {
        assertThat(majority(A, A, B)).isEqualTo(A);
        assertThat(majority(A, A, null)).isEqualTo(A);
        assertThat(majority(B, null, B, B, A)).isEqualTo(B);
    }

    @Test
    void namesNoMasterOnATieOrAPlurality() {
        assertThat(majority(A, B, null)).isNull();
        assertThat(majority(B, A, null)).isNull();
        assertThat(majority(A, A, B, B)).isNull();
        assertThat(majority(A, null, null)).isNull();
    }

    @Test
    void countsEveryConfiguredSentinelIncludingSilentOnes() {
        assertThat(majority(A)).isEqualTo(A);
        assertThat(majority(A, null)).isNull();
        assertThat(SentinelVotes.majority(List.<HostAndPort>of(), Function.identity()))
                .isNull();
        assertThat(SentinelVotes.needed(3)).isEqualTo(2);
        assertThat(SentinelVotes.needed(4)).isEqualTo(3);
    }
}
