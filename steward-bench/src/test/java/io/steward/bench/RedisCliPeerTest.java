package io.steward.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.steward.StewardException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
    void writesRestoreAsSixArgumentResp() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RestoreCommandFile.restore(out, "k:1".getBytes(StandardCharsets.US_ASCII), 0, new byte[] {0, 1, 2});
        RestoreCommandFile.restore(out, "k".getBytes(StandardCharsets.US_ASCII), 1_700_000_000_000L, new byte[] {9});
        assertThat(out.toString(StandardCharsets.ISO_8859_1))
                .isEqualTo(
                        "*6\r\n$7\r\nRESTORE\r\n$3\r\nk:1\r\n$1\r\n0\r\n$3\r\n\0\1\2\r\n$7\r\nREPLACE\r\n$6\r\nABSTTL\r\n"
                                + "*6\r\n$7\r\nRESTORE\r\n$1\r\nk\r\n$13\r\n1700000000000\r\n$1\r\n\t\r\n$7\r\nREPLACE\r\n"
                                + "$6\r\nABSTTL\r\n");
    }

    @Test
    void countsExpiringKeysOfTheDataSet() {
        assertThat(new BackupDataset(1_000).expiring()).isEqualTo(100);
        assertThat(new BackupDataset(1_002).expiring()).isEqualTo(101);
    }
}
