package io.steward.ops.health.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.steward.HostAndPort;
import io.steward.ops.config.Thresholds;
import io.steward.ops.health.Component;
import io.steward.ops.health.HealthCheck;
import io.steward.ops.health.HealthReport;
import io.steward.ops.health.Severity;
import io.steward.ops.health.internal.NodeObservation.DefaultUserState;
import io.steward.ops.info.InfoSnapshot;
import io.steward.provision.DataRole;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeRulesTest {

    private static final HostAndPort NODE = HostAndPort.of("127.0.0.1", 6379);
    private static final DefaultUserState OFF = DefaultUserState.ofFlags(List.of("off", "sanitize-payload"));
    private static final long MB = 1024 * 1024;

    /** An hour after the sample's last save. */
    private final Instant now =
            InfoText.master().snapshot().rdbLastSaveTime().orElseThrow().plusSeconds(3600);

    private List<HealthCheck> evaluate(InfoSnapshot info, DataRole role) {
        NodeObservation o = NodeObservation.reached(NODE, Duration.ofMillis(1), info, 0, OFF);
        return new NodeRules(Thresholds.DEFAULTS, role, now).evaluate(o);
    }

    private HealthCheck check(String name, InfoText info) {
        return check(name, info, DataRole.STORE);
    }

    private HealthCheck check(String name, InfoText info, DataRole role) {
        return evaluate(info.snapshot(), role).stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void shouldBeHealthyWhenGivenRealMasterAndReplicaInfo() {
        assertThat(new HealthReport(evaluate(InfoText.master().snapshot(), DataRole.STORE), now).problems())
                .isEmpty();
        assertThat(new HealthReport(
                                evaluate(
                                        InfoText.replica()
                                                .with("maxmemory", 100 * MB)
                                                .snapshot(),
                                        DataRole.STORE),
                                now)
                        .problems())
                .isEmpty();
        assertThat(evaluate(InfoText.master().snapshot(), DataRole.STORE))
                .extracting(HealthCheck::name)
                .containsExactly(
                        "ping",
                        "memory",
                        "fragmentation",
                        "hit-ratio",
                        "clients",
                        "rejected-connections",
                        "evictions",
                        "persistence",
                        "last-save",
                        "replication",
                        "default-user");
    }

    @Test
    void shouldBeCriticalOnlyForPingWhenNodeIsUnreachable() {
        List<HealthCheck> checks = new NodeRules(Thresholds.DEFAULTS, DataRole.STORE, now)
                .evaluate(NodeObservation.unreachable(NODE, "connection refused"));

        assertThat(checks).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("ping");
            assertThat(c.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(c.target()).isEqualTo("127.0.0.1:6379");
            assertThat(c.detail()).contains("connection refused");
        });
    }

    @Test
    void shouldWarnWhenPingRoundTripExceedsThreshold() {
        NodeObservation slow = NodeObservation.reached(
                NODE, Duration.ofMillis(11), InfoText.master().snapshot(), 0, OFF);

        HealthCheck ping = new NodeRules(Thresholds.DEFAULTS, DataRole.STORE, now)
                .evaluate(slow)
                .get(0);

        assertThat(ping.severity()).isEqualTo(Severity.WARN);
        assertThat(ping.measured()).containsEntry("round_trip_us", 11_000L);
    }

    @Test
    void shouldJudgeMemoryAgainstMaxmemoryWhenCrossingEachThreshold() {
        InfoText info = InfoText.master().with("maxmemory", 1000 * MB);

        assertThat(check("memory", info.with("used_memory", 699 * MB)).severity())
                .isEqualTo(Severity.OK);
        assertThat(check("memory", info.with("used_memory", 700 * MB)).severity())
                .isEqualTo(Severity.WARN);
        assertThat(check("memory", info.with("used_memory", 850 * MB)).severity())
                .isEqualTo(Severity.CRITICAL);
        assertThat(check("memory", info.with("used_memory", 850 * MB)).measured())
                .containsEntry("ratio", 0.85);
    }

    @Test
    void shouldWarnWhenMaxmemoryIsNotSet() {
        assertThat(check("memory", InfoText.master().with("maxmemory", 0)).severity())
                .isEqualTo(Severity.WARN);
    }

    @Test
    void shouldJudgeFragmentationOnlyAboveMinimumUsedMemory() {
        InfoText small = InfoText.master().with("used_memory", 63 * MB).with("mem_fragmentation_ratio", 3.0);
        InfoText big = InfoText.master().with("used_memory", 64 * MB);

        assertThat(check("fragmentation", small).severity()).isEqualTo(Severity.OK);
        assertThat(check("fragmentation", big.with("mem_fragmentation_ratio", 1.49))
                        .severity())
                .isEqualTo(Severity.OK);
        assertThat(check("fragmentation", big.with("mem_fragmentation_ratio", 1.5))
                        .severity())
                .isEqualTo(Severity.WARN);
        assertThat(check("fragmentation", big.with("mem_fragmentation_ratio", 2.0))
                        .severity())
                .isEqualTo(Severity.CRITICAL);
    }

    @Test
    void shouldWarnOfSwappingWhenFragmentationRatioIsBelowOne() {
        HealthCheck check = check(
                "fragmentation", InfoText.master().with("used_memory", 512 * MB).with("mem_fragmentation_ratio", 0.8));

        assertThat(check.severity()).isEqualTo(Severity.WARN);
        assertThat(check.detail()).contains("swapping");
    }

    @Test
    void shouldJudgeHitRatioOnlyWithEnoughLookups() {
        InfoText info = InfoText.master();

        assertThat(check("hit-ratio", info.with("keyspace_hits", 0).with("keyspace_misses", 999))
                        .severity())
                .isEqualTo(Severity.OK);
        assertThat(check("hit-ratio", info.with("keyspace_hits", 900).with("keyspace_misses", 100))
                        .severity())
                .isEqualTo(Severity.OK);
        assertThat(check("hit-ratio", info.with("keyspace_hits", 899).with("keyspace_misses", 101))
                        .severity())
                .isEqualTo(Severity.WARN);
        assertThat(check("hit-ratio", info.with("keyspace_hits", 799).with("keyspace_misses", 201))
                        .severity())
                .isEqualTo(Severity.CRITICAL);
    }

    @Test
    void shouldJudgeClientsAgainstMaxclients() {
        InfoText info = InfoText.master().with("maxclients", 100);

        assertThat(check("clients", info.with("connected_clients", 49)).severity())
                .isEqualTo(Severity.OK);
        assertThat(check("clients", info.with("connected_clients", 50)).severity())
                .isEqualTo(Severity.WARN);
        assertThat(check("clients", info.with("connected_clients", 80)).severity())
                .isEqualTo(Severity.CRITICAL);
    }

    @Test
    void shouldUseObservedMaxclientsWhenInfoLacksIt() {
        InfoSnapshot info = InfoSnapshot.parse("# Clients\r\nconnected_clients:9\r\n");
        NodeObservation o = NodeObservation.reached(NODE, Duration.ofMillis(1), info, 10, OFF);

        HealthCheck clients = new NodeRules(Thresholds.DEFAULTS, DataRole.STORE, now)
                .evaluate(o)
                .get(1);

        assertThat(clients.name()).isEqualTo("clients");
        assertThat(clients.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(clients.measured()).containsEntry("maxclients", 10L);
    }

    @Test
    void shouldWarnWhenConnectionsWereRejected() {
        assertThat(check("rejected-connections", InfoText.master().with("rejected_connections", 3))
                        .severity())
                .isEqualTo(Severity.WARN);
    }

    @Test
    void shouldBeCriticalWhenStoreNodeEvictedKeys() {
        InfoText evicted = InfoText.master().with("evicted_keys", 12);

        assertThat(check("evictions", evicted, DataRole.STORE).severity()).isEqualTo(Severity.CRITICAL);
        assertThat(check("evictions", evicted, DataRole.CACHE).severity()).isEqualTo(Severity.OK);
    }

    @Test
    void shouldWarnWhenStoreNodeRunsEvictingPolicy() {
        HealthCheck check =
                check("evictions", InfoText.master().with("maxmemory_policy", "allkeys-lru"), DataRole.STORE);

        assertThat(check.severity()).isEqualTo(Severity.WARN);
        assertThat(check.detail()).contains("set noeviction");
    }

    @Test
    void shouldBeCriticalWhenBgsaveOrAofWriteFailed() {
        assertThat(check("persistence", InfoText.master().with("rdb_last_bgsave_status", "err"))
                        .severity())
                .isEqualTo(Severity.CRITICAL);
        assertThat(check("persistence", InfoText.master().with("aof_last_write_status", "err"))
                        .severity())
                .isEqualTo(Severity.CRITICAL);
        assertThat(check("persistence", InfoText.master().with("aof_enabled", 0).with("aof_last_write_status", "err"))
                        .severity())
                .isEqualTo(Severity.OK);
    }

    @Test
    void shouldWarnWhenLastSaveIsOlderThanThresholdWithUnsavedChanges() {
        long dayAndMore = now.minus(Duration.ofHours(25)).getEpochSecond();
        InfoText old = InfoText.master().with("rdb_last_save_time", dayAndMore);

        assertThat(check("last-save", old.with("rdb_changes_since_last_save", 5))
                        .severity())
                .isEqualTo(Severity.WARN);
        assertThat(check("last-save", old.with("rdb_changes_since_last_save", 0))
                        .severity())
                .isEqualTo(Severity.OK);
    }

    @Test
    void shouldBeCriticalWhenReplicaLinkIsDown() {
        HealthCheck check = check("replication", InfoText.replica().with("master_link_status", "down"));

        assertThat(check.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(check.detail()).contains("127.0.0.1:6379");
    }

    @Test
    void shouldWarnWhenReplicaLagsBeyondMaxLag() {
        InfoText master = InfoText.master();

        assertThat(check("replication", master.with("slave0", "ip=127.0.0.1,port=6380,state=online,offset=5,lag=10"))
                        .severity())
                .isEqualTo(Severity.OK);
        HealthCheck lagging =
                check("replication", master.with("slave0", "ip=127.0.0.1,port=6380,state=online,offset=5,lag=11"));
        assertThat(lagging.severity()).isEqualTo(Severity.WARN);
        assertThat(lagging.detail()).contains("127.0.0.1:6380 lags 11 s");
        assertThat(check("replication", InfoText.replica().with("master_last_io_seconds_ago", 30))
                        .severity())
                .isEqualTo(Severity.WARN);
    }

    @Test
    void shouldNotWarnWhenAnIdleMasterIsBetweenItsPings() {
        // an idle master pings every 10 s, so a healthy replica can read 10 or 11 s here
        assertThat(check("replication", InfoText.replica().with("master_last_io_seconds_ago", 11))
                        .severity())
                .isEqualTo(Severity.OK);
        assertThat(check("replication", InfoText.replica().with("master_last_io_seconds_ago", 21))
                        .severity())
                .isEqualTo(Severity.WARN);
    }

    @Test
    void shouldNotCountReplicationClientAsReplicaWhenItListensOnNoPort() {
        HealthCheck check = check(
                "replication",
                InfoText.master().with("slave0", "ip=127.0.0.1,port=0,state=wait_bgsave,offset=0,lag=0"));

        assertThat(check.severity()).isEqualTo(Severity.OK);
        assertThat(check.measured()).containsEntry("replicas", 0L).containsEntry("replication_clients", 1L);
        assertThat(check.detail()).contains("1 replication client(s)");
    }

    @Test
    void shouldWarnOnlyForTheRuleWhenAnInfoValueCannotBeJudged() {
        Checks checks = new Checks(Component.REDIS, "127.0.0.1:6379");

        assertThat(NodeRules.judge(checks, "replication", () -> {
                    throw new IllegalArgumentException("port must be 1-65535, was -1");
                }))
                .hasValueSatisfying(c -> {
                    assertThat(c.severity()).isEqualTo(Severity.WARN);
                    assertThat(c.detail()).contains("port must be 1-65535");
                });
    }

    @Test
    void shouldWarnWhenReplicaIsStillSyncing() {
        assertThat(check(
                                "replication",
                                InfoText.master()
                                        .with("slave0", "ip=127.0.0.1,port=6380,state=wait_bgsave,offset=0,lag=0"))
                        .severity())
                .isEqualTo(Severity.WARN);
    }

    @Test
    void shouldBeCriticalWhenDefaultUserIsEnabled() {
        NodeRules rules = new NodeRules(Thresholds.DEFAULTS, DataRole.STORE, now);
        Checks checks = new Checks(io.steward.ops.health.Component.REDIS, "n");

        assertThat(rules.defaultUser(checks, DefaultUserState.ofFlags(List.of("on", "nopass")))
                        .severity())
                .isEqualTo(Severity.CRITICAL);
        assertThat(rules.defaultUser(checks, DefaultUserState.ofFlags(List.of("on")))
                        .severity())
                .isEqualTo(Severity.CRITICAL);
        assertThat(rules.defaultUser(checks, DefaultUserState.ofFlags(List.of("off", "nopass")))
                        .severity())
                .isEqualTo(Severity.OK);
        HealthCheck unverified =
                rules.defaultUser(checks, DefaultUserState.unverified("user monitor lacks ACL permission"));
        assertThat(unverified.severity()).isEqualTo(Severity.WARN);
        assertThat(unverified.detail()).isEqualTo("cannot verify: user monitor lacks ACL permission");
    }
}
