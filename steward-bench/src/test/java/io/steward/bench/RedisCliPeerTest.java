package io.steward.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.steward.StewardException;
import org.junit.jupiter.api.Test;

class RedisCliPeerTest {

    @Test
    void readsChildCpuTimeFromTheLastLineOfBashTimes() {
        String out = "0m0.002s 0m0.001s\n1m2.500s 0m0.250s\n";
        assertThat(RedisCliPeer.childCpuSeconds(out)).isEqualTo(62.75);
        assertThat(RedisCliPeer.childCpuSeconds("")).isNull();
    }

    @Test
    void readsThePipeSummary() {
        RedisCliPeer.Outcome outcome = new RedisCliPeer.Outcome(
                1,
                0.1,
                "All data transferred. Waiting for the last reply...\nLast reply received from server.\n"
                        + "errors: 2, replies: 4200000\n0m0.002s 0m0.000s\n0m0.600s 0m0.100s\n");
        assertThat(RedisCliPeer.errors(outcome)).isEqualTo(2);
        assertThat(RedisCliPeer.replies(outcome)).isEqualTo(4_200_000);
        assertThatThrownBy(() -> RedisCliPeer.replies(new RedisCliPeer.Outcome(1, null, "nothing")))
                .isInstanceOf(StewardException.class);
    }

    @Test
    void countsExpiringKeysOfTheDataSet() {
        assertThat(new BackupDataset(1_000).expiring()).isEqualTo(100);
        assertThat(new BackupDataset(1_002).expiring()).isEqualTo(101);
    }
}
