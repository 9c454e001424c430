package io.steward.ha.sentinel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import io.steward.HostAndPort;
import io.steward.StewardException;
import io.steward.client.StewardClient;
import io.steward.ops.config.StewardConfig;
import io.steward.ops.info.ReplicaInfo;
import io.steward.provision.LocalDeployment;
import io.steward.provision.LocalNode;
import io.steward.provision.LocalTopology;
import io.steward.provision.TopologyMode;
import io.steward.test.RedisTopology;
import io.steward.test.SpareNodes;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link SentinelAdmin} against a real local Sentinel deployment (1 master, 2 replicas, 3 Sentinels). Each
 * test that seeds a fault undoes it in a finally block and waits for a healthy deployment again.
 */
@RedisTopology(mode = TopologyMode.SENTINEL)
class SentinelAdminIT {

    private static final Duration HEALTHY = Duration.ofSeconds(90);
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static StewardConfig config;
    private static StewardClient client;
    private static SentinelAdmin admin;

    @BeforeAll
    static void connect(LocalTopology topology) {
        config = SentinelConfigs.configFor(topology);
        client = SentinelConfigs.clientFor(config);
        admin = SentinelAdmin.of(config, client);
    }

    @AfterAll
    static void close() {
        if (client != null) {
            client.close();
        }
    }

    /**
     * A healthy deployment as the Sentinels see it too: after a paused replica resumes, the Sentinels clear
     * their {@code s_down} flag only at their next PING, after the deployment already counts as healthy.
     */
    @BeforeEach
    void healthy(LocalTopology topology) {
        topology.awaitHealthy(HEALTHY);
        await().atMost(HEALTHY).until(() -> admin.status().findings().isEmpty());
    }

    @Test
    void statusShowsEverySentinelAgreeingAndBothReplicasConnectedWithLag(LocalTopology topology) {
        SentinelStatus status = admin.status();

        assertThat(status.agreed()).as("%s", status).isTrue();
        assertThat(status.quorumOk()).isTrue();
        assertThat(status.master()).isEqualTo(topology.master());
        assertThat(status.sentinels()).hasSize(3).allSatisfy(view -> {
            assertThat(view.error()).isNull();
            assertThat(view.master()).isEqualTo(topology.master());
            assertThat(view.configEpoch()).isGreaterThanOrEqualTo(0);
            assertThat(view.flags()).contains("master");
            assertThat(view.tilt()).isFalse();
            assertThat(view.lastOkPingMillis()).isGreaterThanOrEqualTo(0);
            assertThat(view.knownSentinels()).isEqualTo(3);
            assertThat(view.quorumOk()).isTrue();
        });
        assertThat(status.replicas()).hasSize(2).allSatisfy(replica -> {
            assertThat(replica.connected()).isTrue();
            assertThat(replica.state()).isEqualTo("online");
            assertThat(replica.linkStatus()).isEqualTo("ok");
            assertThat(replica.offsetLagBytes()).isGreaterThanOrEqualTo(0);
            assertThat(replica.lagSeconds()).isGreaterThanOrEqualTo(0);
            assertThat(replica.priority()).isEqualTo(100);
            assertThat(replica.listedBy()).hasSize(3);
        });
        assertThat(status.stale()).isEmpty();
        assertThat(status.findings()).isEmpty();
    }

    @Test
    void mastersAndReplicasGiveEachSentinelsAnswer(LocalTopology topology) {
        List<SentinelReply> masters = admin.masters();
        List<SentinelReply> replicas = admin.replicas();

        assertThat(masters).hasSize(3).allSatisfy(reply -> {
            assertThat(reply.isReachable()).isTrue();
            assertThat(reply.entries()).singleElement().satisfies(m -> assertThat(m.get("name"))
                    .isEqualTo(topology.masterName()));
        });
        assertThat(replicas).hasSize(3).allSatisfy(reply -> assertThat(reply.entries())
                .hasSize(2));
    }

    @Test
    void validatePassesHealthyDeploymentWithOnlyTheLocalHostWarning() {
        ValidationReport report = admin.validate();

        assertThat(report.problems())
                .as("%s", report)
                .extracting(Finding::check)
                .containsExactly("sentinel-hosts");
        assertThat(report.worst()).isEqualTo(Finding.Severity.WARNING);
        assertThat(report.findings())
                .extracting(Finding::check)
                .contains(
                        "sentinel-count",
                        "quorum",
                        "master-agreement",
                        "replica-sync",
                        "min-replicas-to-write",
                        "repl-backlog",
                        "sentinel-auth",
                        "settings-agree");
    }

    @Test
    void validateFindsQuorumAboveMajority(LocalTopology topology) {
        try {
            onEverySentinel(topology, s -> s.set(topology.masterName(), "quorum", "3"));

            ValidationReport report = admin.validate();

            assertThat(report.findings("quorum")).as("%s", report).hasSize(3).allSatisfy(f -> {
                assertThat(f.severity()).isEqualTo(Finding.Severity.ERROR);
                assertThat(f.fix()).contains("quorum 2");
            });
        } finally {
            onEverySentinel(topology, s -> s.set(topology.masterName(), "quorum", "2"));
        }
    }

    @Test
    void validateFindsStoppedReplica(LocalTopology topology) {
        HostAndPort replica = replicaOf(topology);
        LocalNode node = topology.node(replica);
        node.pause();
        try {
            await().atMost(WAIT).untilAsserted(() -> assertThat(admin.validate().findings("replica-sync"))
                    .anySatisfy(f -> {
                        assertThat(f.severity()).isEqualTo(Finding.Severity.ERROR);
                        assertThat(f.detail()).contains(replica.toString());
                        assertThat(f.fix()).isNotBlank();
                    }));
        } finally {
            node.resume();
        }
    }

    @Test
    void validateFindsMinReplicasToWriteOff(LocalTopology topology) {
        HostAndPort master = topology.master();
        try {
            onNode(master, c -> c.sync().configSet("min-replicas-to-write", "0"));

            ValidationReport report = admin.validate();

            assertThat(report.findings("min-replicas-to-write")).singleElement().satisfies(f -> {
                assertThat(f.severity()).isEqualTo(Finding.Severity.WARNING);
                assertThat(f.fix()).contains("min-replicas-to-write 1");
            });
        } finally {
            onNode(master, c -> c.sync().configSet("min-replicas-to-write", "1"));
        }
    }

    @Test
    void validateFindsSentinelWithWrongAuthPass(LocalTopology topology) {
        LocalNode odd = topology.sentinels().get(2);
        try {
            onSentinel(odd.endpoint(), s -> s.set(topology.masterName(), "auth-pass", "wrong"));

            await().atMost(WAIT).untilAsserted(() -> assertThat(admin.validate().findings("sentinel-auth"))
                    .singleElement()
                    .satisfies(f -> {
                        assertThat(f.severity()).isEqualTo(Finding.Severity.ERROR);
                        assertThat(f.detail()).contains(odd.endpoint().toString());
                        assertThat(f.fix()).contains("auth-pass");
                    }));
        } finally {
            char[] password = topology.password("sentinel");
            try {
                onSentinel(odd.endpoint(), s -> s.set(topology.masterName(), "auth-pass", new String(password)));
            } finally {
                java.util.Arrays.fill(password, '\0');
            }
        }
    }

    @Test
    void validateFindsTwoSentinels(LocalTopology topology) {
        LocalNode removed = topology.sentinels().get(2);
        List<HostAndPort> kept = SentinelConfigs.endpoints(topology.sentinels().subList(0, 2));
        HostAndPort master = topology.master();
        try {
            onSentinel(removed.endpoint(), s -> s.remove(topology.masterName()));
            for (HostAndPort s : kept) {
                onSentinel(s, c -> c.reset(topology.masterName()));
                await().atMost(WAIT).until(() -> otherSentinels(s, topology.masterName()) == 1);
            }

            ValidationReport report = admin.validate();

            assertThat(report.findings("sentinel-count"))
                    .as("%s", report)
                    .singleElement()
                    .satisfies(f -> {
                        assertThat(f.severity()).isEqualTo(Finding.Severity.ERROR);
                        assertThat(f.detail()).startsWith("2 Sentinel(s)");
                        assertThat(f.fix()).contains("at least 3");
                    });
            assertThat(report.findings("sentinel-monitors")).singleElement().satisfies(f -> assertThat(f.detail())
                    .contains(removed.endpoint().toString()));
        } finally {
            remonitor(topology, removed.endpoint(), master);
        }
    }

    @Test
    void failoverPlanNamesTheMasterTheSentinelsToAskAndTheCandidatesAndChangesNothing(LocalTopology topology) {
        HostAndPort master = topology.master();

        FailoverPlan plan = admin.planFailover();

        assertThat(plan.master()).isEqualTo(master);
        assertThat(plan.askOrder()).containsExactlyElementsOf(SentinelConfigs.endpoints(topology.sentinels()));
        assertThat(plan.candidates())
                .extracting(ReplicaView::address)
                .containsExactlyInAnyOrderElementsOf(replicasOf(topology));
        assertThat(plan.sentinels()).isEqualTo(3);
        assertThat(topology.master()).isEqualTo(master);
    }

    @Test
    void failoverAndResetAreRefusedWhenNoMajorityOfTheSentinelsNamesTheMaster(LocalTopology topology) {
        HostAndPort master = topology.master();
        List<LocalNode> silenced = topology.sentinels().subList(1, 3);
        silenced.forEach(LocalNode::pause);
        try {
            assertThatThrownBy(() -> admin.failover(Duration.ofSeconds(5)))
                    .isInstanceOf(StewardException.class)
                    .hasMessageContaining("majority (2 of 3 Sentinels)")
                    .hasMessageContaining("nothing was failed over")
                    .message()
                    .doesNotContain("\n");
            assertThat(admin.status().findings())
                    .filteredOn(f -> f.check().equals("master-agreement"))
                    .singleElement()
                    .satisfies(f -> assertThat(f.detail()).contains("only 1 of 3"));
        } finally {
            silenced.forEach(LocalNode::resume);
        }
        assertThat(topology.master()).isEqualTo(master);
    }

    @Test
    void failoverPromotesReplicaAndEverySentinelAgrees(LocalDeployment topology) {
        HostAndPort oldMaster = topology.master();

        long before = System.nanoTime();
        FailoverResult result = admin.failover(SentinelAdmin.DEFAULT_FAILOVER_TIMEOUT);
        long measured = (System.nanoTime() - before) / 1_000_000;

        assertThat(result.completed()).as("%s", result).isTrue();
        assertThat(result.oldMaster()).isEqualTo(oldMaster);
        assertThat(result.newMaster()).isNotEqualTo(oldMaster).isEqualTo(topology.master());
        assertThat(result.lastSeen()).hasSize(3).allSatisfy((s, named) -> assertThat(named)
                .isEqualTo(result.newMaster().toString()));
        assertThat(result.lastSeen().keySet()) // configuration order, so output lists them the same way each time
                .containsExactlyElementsOf(SentinelConfigs.endpoints(topology.sentinels()));
        assertThat(result.askedVia()).isEqualTo(topology.sentinels().get(0).endpoint());
        assertThat(result.millis()).isBetween(0L, measured);
        for (LocalNode sentinel : topology.sentinels()) {
            assertThat(masterNamedBy(sentinel.endpoint(), topology.masterName()))
                    .isEqualTo(result.newMaster());
        }
        await().atMost(WAIT).until(() -> "replica".equals(topology.roleOf(oldMaster)));
    }

    @Test
    void aGoneReplicaIsReportedDownAndOnlyAnExplicitForgetDownResetRemovesIt(LocalTopology topology) throws Exception {
        HostAndPort master = topology.master();
        List<String> realReplicas = topology.redisNodes().stream()
                .map(LocalNode::endpoint)
                .filter(n -> !n.equals(master))
                .map(HostAndPort::toString)
                .sorted()
                .toList();
        try (SpareNodes extra = SpareNodes.replicasOf(topology, master, 1)) {
            String address = extra.endpoints().get(0).toString();
            await().atMost(WAIT).until(() -> topology.sentinels().stream()
                    .allMatch(s ->
                            listedReplicas(s.endpoint(), topology.masterName()).contains(address)));
            extra.nodes().get(0).kill();

            await().atMost(WAIT).untilAsserted(() -> assertThat(admin.status().findings())
                    .anySatisfy(f -> assertThat(f.detail()).contains("replica " + address + " is not connected")));
            assertThat(admin.status().stale()).isEmpty();
            assertThat(admin.reset(true).targets())
                    .as("a down node is not forgotten by default")
                    .isEmpty();

            ResetReport plan = admin.reset(false, true, SentinelAdmin.DEFAULT_RESET_TIMEOUT);
            assertThat(plan.targets()).hasSize(3);
            assertThat(plan.steps()).isEmpty();

            ResetReport report = admin.reset(true, true, SentinelAdmin.DEFAULT_RESET_TIMEOUT);

            assertThat(report.succeeded()).as("%s", report).isTrue();
            assertThat(report.steps()).hasSize(3).allMatch(ResetReport.Step::recovered);
            for (LocalNode s : topology.sentinels()) {
                assertThat(listedReplicas(s.endpoint(), topology.masterName())).isEqualTo(realReplicas);
                assertThat(otherSentinels(s.endpoint(), topology.masterName())).isEqualTo(2);
            }
            assertThat(admin.status().stale()).isEmpty();
        }
    }

    // ---- helpers ----

    private static List<String> replicasOf(LocalTopology topology) {
        HostAndPort master = topology.master();
        return topology.redisNodes().stream()
                .map(LocalNode::endpoint)
                .filter(n -> !n.equals(master))
                .map(HostAndPort::toString)
                .toList();
    }

    private static HostAndPort replicaOf(LocalTopology topology) {
        HostAndPort master = topology.master();
        return topology.redisNodes().stream()
                .map(LocalNode::endpoint)
                .filter(n -> !n.equals(master))
                .findFirst()
                .orElseThrow();
    }

    private static void remonitor(LocalTopology topology, HostAndPort sentinel, HostAndPort master) {
        String name = topology.masterName();
        char[] password = topology.password("sentinel");
        try {
            onSentinel(sentinel, s -> {
                if (s.masters().stream().noneMatch(m -> name.equals(m.get("name")))) {
                    s.monitor(name, master.host(), master.port(), 2);
                }
                s.set(name, "auth-user", "sentinel");
                s.set(name, "auth-pass", new String(password));
                s.set(
                        name,
                        "down-after-milliseconds",
                        String.valueOf(topology.plan().profile().downAfter().toMillis()));
                s.set(name, "failover-timeout", "60000");
                s.set(name, "parallel-syncs", "1");
                return null;
            });
        } finally {
            java.util.Arrays.fill(password, '\0');
        }
    }

    private static void onEverySentinel(
            LocalTopology topology,
            java.util.function.Function<io.lettuce.core.sentinel.api.sync.RedisSentinelCommands<String, String>, ?>
                    work) {
        for (LocalNode s : topology.sentinels()) {
            onSentinel(s.endpoint(), work);
        }
    }

    private static <T> T onSentinel(
            HostAndPort sentinel,
            java.util.function.Function<io.lettuce.core.sentinel.api.sync.RedisSentinelCommands<String, String>, T>
                    work) {
        try (StatefulRedisSentinelConnection<String, String> c = client.connectSentinel(sentinel)) {
            return work.apply(c.sync());
        }
    }

    private static void onNode(HostAndPort node, Consumer<StatefulRedisConnection<String, String>> work) {
        try (StatefulRedisConnection<String, String> c = client.connectNode(node)) {
            work.accept(c);
        }
    }

    private static List<String> listedReplicas(HostAndPort sentinel, String name) {
        return onSentinel(sentinel, s -> s.replicas(name).stream()
                .filter(ReplicaInfo::isListening)
                .map(e -> e.get("ip") + ":" + e.get("port"))
                .sorted()
                .collect(Collectors.toList()));
    }

    private static int otherSentinels(HostAndPort sentinel, String name) {
        return onSentinel(sentinel, s -> Integer.parseInt(s.master(name).get("num-other-sentinels")));
    }

    private static HostAndPort masterNamedBy(HostAndPort sentinel, String name) {
        return onSentinel(sentinel, s -> HostAndPort.of(s.getMasterAddrByName(name)));
    }
}
