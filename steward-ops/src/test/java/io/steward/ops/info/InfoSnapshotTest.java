package io.steward.ops.info;

import static org.assertj.core.api.Assertions.assertThat;

import io.steward.HostAndPort;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Samples in {@code src/test/resources/info} were captured from redis-server / redis-sentinel 7.0.15. */
class InfoSnapshotTest {

    static String sample(String name) {
        try (InputStream in = InfoSnapshotTest.class.getResourceAsStream("/info/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shouldReadMasterFieldsWhenGivenRedis7Info() {
        InfoSnapshot info = InfoSnapshot.parse(sample("redis7-master.txt"));

        assertThat(info.sections())
                .containsExactly(
                        "server",
                        "clients",
                        "memory",
                        "persistence",
                        "stats",
                        "replication",
                        "cpu",
                        "modules",
                        "errorstats",
                        "cluster",
                        "keyspace");
        assertThat(info.redisVersion()).contains("7.0.15");
        assertThat(info.redisMode()).contains("standalone");
        assertThat(info.usedMemory()).hasValue(1229776);
        assertThat(info.maxMemory()).hasValue(104857600);
        assertThat(info.maxMemoryPolicy()).contains("noeviction");
        assertThat(info.memFragmentationRatio()).isPresent();
        assertThat(info.connectedClients().getAsLong()).isPositive();
        assertThat(info.maxClients()).hasValue(10000);
        assertThat(info.keyspaceHits()).hasValue(1);
        assertThat(info.keyspaceMisses()).hasValue(1);
        assertThat(info.rejectedConnections()).hasValue(0);
        assertThat(info.evictedKeys()).hasValue(0);
        assertThat(info.rdbLastBgsaveStatus()).contains("ok");
        assertThat(info.aofLastWriteStatus()).contains("ok");
        assertThat(info.aofEnabled()).contains(true);
        assertThat(info.loading()).contains(false);
        assertThat(info.rdbLastSaveTime()).get().isInstanceOf(Instant.class);
        assertThat(info.role()).contains("master");
        assertThat(info.isMaster()).isTrue();
        assertThat(info.masterReplOffset()).isPresent();
        assertThat(info.replicas()).singleElement().satisfies(r -> {
            assertThat(r.endpoint()).isEqualTo(HostAndPort.of("127.0.0.1", 6380));
            assertThat(r.isOnline()).isTrue();
            assertThat(r.offset()).isPositive();
        });
        assertThat(info.keyspace()).containsExactly(new KeyspaceInfo(0, 1, 0, 0));
        assertThat(info.get("server", "tcp_port")).contains("6379");
    }

    @Test
    void shouldReadReplicaLinkWhenGivenReplicaInfo() {
        InfoSnapshot info = InfoSnapshot.parse(sample("redis7-replica.txt"));

        assertThat(info.role()).contains("slave");
        assertThat(info.isMaster()).isFalse();
        assertThat(info.masterAddress()).contains(HostAndPort.of("127.0.0.1", 6379));
        assertThat(info.masterLinkStatus()).contains("up");
        assertThat(info.masterLastIoSecondsAgo()).isPresent();
        assertThat(info.replicaReplOffset()).isPresent();
        assertThat(info.replicas()).isEmpty();
    }

    @Test
    void shouldReadTiltAndMastersWhenGivenSentinelInfo() {
        InfoSnapshot info = InfoSnapshot.parse(sample("redis7-sentinel.txt"));

        assertThat(info.redisMode()).contains("sentinel");
        assertThat(info.sentinelTilt()).contains(false);
        assertThat(info.sentinelMasters())
                .containsExactly(new SentinelMasterInfo("steward", "ok", HostAndPort.of("127.0.0.1", 6379), 1, 1));
        assertThat(info.sentinelMaster("steward"))
                .get()
                .extracting(SentinelMasterInfo::isOk)
                .isEqualTo(true);
        assertThat(info.usedMemory()).isEmpty();
        assertThat(info.section("memory")).isEmpty();
    }

    @Test
    void shouldKeepFieldsAndSkipNoiseWhenTextIsPartial() {
        InfoSnapshot info = InfoSnapshot.parse("loose:1\n\n# Stats\r\nevicted_keys:notanumber\nno colon here\n"
                + "# Replication\nslave0:ip=::1,port=6381,state=wait_bgsave,offset=0,lag=7\n");

        assertThat(info.get("", "loose")).contains("1");
        assertThat(info.evictedKeys()).isEmpty();
        assertThat(info.get("stats", "evicted_keys")).contains("notanumber");
        assertThat(info.replicas()).containsExactly(new ReplicaInfo("::1", 6381, "wait_bgsave", 0, 7));
        assertThat(info.replicas().get(0).endpoint().toString()).isEqualTo("[::1]:6381");
        assertThat(InfoSnapshot.parse("").sections()).isEmpty();
    }

    @Test
    void shouldTellSentinelReplicaEntriesFromReplicationClients() {
        assertThat(ReplicaInfo.isListening(java.util.Map.of("ip", "127.0.0.1", "port", "6380")))
                .isTrue();
        assertThat(ReplicaInfo.isListening(java.util.Map.of("ip", "127.0.0.1", "port", "0")))
                .isFalse();
        assertThat(ReplicaInfo.isListening(java.util.Map.of("ip", "127.0.0.1"))).isFalse();
    }
}
