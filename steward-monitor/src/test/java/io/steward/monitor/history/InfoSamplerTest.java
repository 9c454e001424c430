package io.steward.monitor.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.steward.ops.info.InfoSnapshot;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InfoSamplerTest {

    private static final String MASTER_INFO = String.join(
            "\r\n",
            "# Server",
            "redis_version:7.2.4",
            "uptime_in_seconds:3600",
            "# Clients",
            "connected_clients:12",
            "# Memory",
            "used_memory:1048576",
            "maxmemory:4194304",
            "mem_fragmentation_ratio:1.25",
            "# Persistence",
            "rdb_changes_since_last_save:7",
            "rdb_last_bgsave_status:ok",
            "aof_enabled:1",
            "aof_last_write_status:err",
            "# Stats",
            "instantaneous_ops_per_sec:350",
            "keyspace_hits:90",
            "keyspace_misses:10",
            "evicted_keys:2",
            "expired_keys:5",
            "total_net_input_bytes:1000",
            "total_net_output_bytes:2000",
            "# Replication",
            "role:master",
            "connected_slaves:2",
            "slave0:ip=10.0.0.2,port=6379,state=online,offset=900,lag=0",
            "slave1:ip=10.0.0.3,port=6379,state=online,offset=700,lag=2",
            "master_repl_offset:1000",
            "# CPU",
            "used_cpu_sys:1.5",
            "used_cpu_user:2.25",
            "# Keyspace",
            "db0:keys=10,expires=1,avg_ttl=0",
            "db3:keys=5,expires=0,avg_ttl=0");

    @Test
    void shouldMapMasterInfoToMetricFields() {
        NodeSample sample = InfoSampler.sample("10.0.0.1:6379", Instant.EPOCH, InfoSnapshot.parse(MASTER_INFO));

        assertThat(sample.fields())
                .containsOnly(
                        entry(MetricField.USED_MEMORY, 1048576.0),
                        entry(MetricField.MAXMEMORY, 4194304.0),
                        entry(MetricField.MEM_FRAGMENTATION_RATIO, 1.25),
                        entry(MetricField.CONNECTED_CLIENTS, 12.0),
                        entry(MetricField.OPS_PER_SEC, 350.0),
                        entry(MetricField.KEYSPACE_HITS, 90.0),
                        entry(MetricField.KEYSPACE_MISSES, 10.0),
                        entry(MetricField.EVICTED_KEYS, 2.0),
                        entry(MetricField.EXPIRED_KEYS, 5.0),
                        entry(MetricField.NET_INPUT_BYTES, 1000.0),
                        entry(MetricField.NET_OUTPUT_BYTES, 2000.0),
                        entry(MetricField.REPL_OFFSET, 1000.0),
                        entry(MetricField.REPL_LAG_SECONDS, 2.0),
                        entry(MetricField.REPL_LAG_BYTES, 300.0),
                        entry(MetricField.RDB_LAST_BGSAVE_OK, 1.0),
                        entry(MetricField.RDB_CHANGES_SINCE_LAST_SAVE, 7.0),
                        entry(MetricField.AOF_ENABLED, 1.0),
                        entry(MetricField.AOF_LAST_WRITE_OK, 0.0),
                        entry(MetricField.USED_CPU_SYS, 1.5),
                        entry(MetricField.USED_CPU_USER, 2.25),
                        entry(MetricField.KEYS, 15.0),
                        entry(MetricField.UPTIME_SECONDS, 3600.0),
                        entry(MetricField.ROLE_MASTER, 1.0));
        assertThat(sample.fields().keySet()).isSubsetOf(MetricField.ALL);
    }

    @Test
    void shouldTakeReplicaLagFromLastMasterIo() {
        InfoSnapshot replica =
                InfoSnapshot.parse("# Replication\nrole:slave\nmaster_last_io_seconds_ago:4\nmaster_repl_offset:800\n");

        assertThat(InfoSampler.fields(replica))
                .containsOnly(
                        entry(MetricField.REPL_LAG_SECONDS, 4.0),
                        entry(MetricField.REPL_OFFSET, 800.0),
                        entry(MetricField.ROLE_MASTER, 0.0));
    }

    @Test
    void shouldLeaveOutFieldsTheReplyLacks() {
        assertThat(InfoSampler.fields(InfoSnapshot.parse("# Sentinel\nsentinel_masters:1\n")))
                .isEmpty();
    }
}
