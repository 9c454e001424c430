package io.steward.ha.sentinel;

import static org.assertj.core.api.Assertions.assertThat;

import io.steward.HostAndPort;
import io.steward.ops.info.InfoSnapshot;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link RecoveryCheck}: what a reset Sentinel must list again. The configuration names the Sentinels
 * {@code localhost:PORT}; the Sentinels list each other by announced IP and run id.
 */
class RecoveryCheckTest {

    private static final HostAndPort TARGET = HostAndPort.of("localhost", 26379);
    private static final Set<String> REAL_REPLICAS = Set.of("127.0.0.1:6380", "127.0.0.1:6381");
    private static final Map<String, String> PEER_B =
            Map.of("ip", "127.0.0.1", "port", "26380", "runid", "b0b", "flags", "sentinel");
    private static final Map<String, String> PEER_C =
            Map.of("ip", "127.0.0.1", "port", "26381", "runid", "c0c", "flags", "sentinel");

    @Test
    void recoveredWhenItListsTheRealReplicasAndThePeersItListedBeforeThoughConfiguredByHostName() {
        RecoveryCheck check =
                RecoveryCheck.of(listing(replicas(6380, 6381, 6390), List.of(PEER_B, PEER_C)), REAL_REPLICAS);

        assertThat(check.missing(listing(replicas(6380, 6381), List.of(PEER_C, PEER_B))))
                .isEmpty();
    }

    @Test
    void namesTheReplicasAndPeersStillMissingAfterTheReset() {
        RecoveryCheck check = RecoveryCheck.of(listing(replicas(6380, 6381), List.of(PEER_B, PEER_C)), REAL_REPLICAS);

        assertThat(check.missing(listing(replicas(6380), List.of(PEER_B))))
                .isEqualTo("replica 127.0.0.1:6381; Sentinel 127.0.0.1:26381");
        assertThat(check.missing(listing(List.of(), List.of()))).contains("Sentinel 127.0.0.1:26380, 127.0.0.1:26381");
    }

    @Test
    void recognizesAPeerByRunIdWhenItAnnouncesAnotherAddress() {
        RecoveryCheck check = RecoveryCheck.of(listing(replicas(6380, 6381), List.of(PEER_B)), REAL_REPLICAS);
        Map<String, String> movedB = Map.of("ip", "10.0.0.2", "port", "26380", "runid", "b0b", "flags", "sentinel");

        assertThat(check.missing(listing(replicas(6380, 6381), List.of(movedB))))
                .isEmpty();
    }

    @Test
    void doesNotWaitForAPeerThatWasDownBeforeTheReset() {
        Map<String, String> downC =
                Map.of("ip", "127.0.0.1", "port", "26381", "runid", "c0c", "flags", "s_down,sentinel");
        RecoveryCheck check = RecoveryCheck.of(listing(replicas(6380, 6381), List.of(PEER_B, downC)), REAL_REPLICAS);

        assertThat(check.peers()).extracting(RecoveryCheck.Peer::runId).containsExactly("b0b");
        assertThat(check.missing(listing(replicas(6380, 6381), List.of(PEER_B))))
                .isEmpty();
    }

    // ---- fixtures ----

    private static SentinelSnapshot listing(List<Map<String, String>> replicas, List<Map<String, String>> peers) {
        return new SentinelSnapshot(
                TARGET,
                null,
                InfoSnapshot.parse("# Sentinel\r\nsentinel_tilt:0\r\n"),
                Map.of("name", "steward", "flags", "master"),
                HostAndPort.of("127.0.0.1", 6379),
                replicas,
                peers,
                true,
                "OK");
    }

    private static List<Map<String, String>> replicas(int... ports) {
        return java.util.Arrays.stream(ports)
                .mapToObj(p -> Map.of("ip", "127.0.0.1", "port", String.valueOf(p), "flags", "slave"))
                .toList();
    }
}
