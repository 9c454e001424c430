package io.steward.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.steward.HostAndPort;
import io.steward.backup.SourceSelector.Shard;
import io.steward.backup.SourceSelector.Source;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceSelectorTest {

    private static Map<String, String> replica(int port, String flags, String link) {
        return Map.of("ip", "127.0.0.1", "port", String.valueOf(port), "flags", flags, "master-link-status", link);
    }

    @Test
    void sentinelCandidatesAreEveryReplicaInSyncInTheOrderSentinelGives() {
        List<Source> replicas = SourceSelector.healthyReplicas(List.of(
                replica(6381, "slave", "ok"),
                replica(6382, "slave,s_down", "err"),
                replica(6383, "slave", "err"),
                replica(0, "slave", "ok"), // a replication client (a backup streaming) is no source
                replica(6380, "slave", "ok")));

        assertThat(replicas)
                .containsExactly(
                        new Source(HostAndPort.of("127.0.0.1", 6381), "replica"),
                        new Source(HostAndPort.of("127.0.0.1", 6380), "replica"));
    }

    @Test
    void clusterShardsListTheirConnectedReplicasBeforeTheirMaster() {
        String nodes =
                """
                a1 127.0.0.1:7000@17000 myself,master - 0 0 1 connected 0-8191
                b1 127.0.0.1:7001@17001 master - 0 0 2 connected 8192-16383
                a2 127.0.0.1:7002@17002 slave a1 0 0 1 connected
                a3 127.0.0.1:7004@17004 slave,fail a1 0 0 1 disconnected
                b2 127.0.0.1:7003@17003 slave b1 0 0 2 connected
                b3 127.0.0.1:7005@17005 slave b1 0 0 2 connected
                """;

        List<Shard> shards = SourceSelector.fromClusterNodes(nodes, HostAndPort.of("127.0.0.1", 7000));

        assertThat(shards)
                .extracting(s -> s.candidates().stream()
                        .map(c -> c.node().port() + " " + c.role())
                        .toList())
                .containsExactly(
                        List.of("7002 replica", "7000 master"), List.of("7003 replica", "7005 replica", "7001 master"));
    }
}
