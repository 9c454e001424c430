package io.steward.ha.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.api.sync.RedisCommands;
import io.steward.ConfigException;
import io.steward.HostAndPort;
import io.steward.client.StewardClient;
import io.steward.ops.config.AuthConfig;
import io.steward.ops.config.StewardConfig;
import io.steward.ops.config.TopologyConfig;
import io.steward.ops.health.Severity;
import io.steward.ops.info.ClusterNode;
import io.steward.provision.LocalTopology;
import io.steward.provision.TopologyMode;
import io.steward.test.RedisTopology;
import io.steward.test.SpareNodes;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Check, fix, failover, add and remove on one real 3 + 3 cluster; each test leaves it healthy. */
@RedisTopology(mode = TopologyMode.CLUSTER)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterAdminIT {

    private static StewardClient client;
    private static ClusterAdmin admin;
    private static NodeLinks links;

    @BeforeAll
    static void connect(LocalTopology topology) {
        StewardConfig config = configOf(topology);
        client = StewardClient.createForNodes(config.clientOptions().build());
        admin = ClusterAdmin.create(config, client, Clock.systemUTC());
        links = new NodeLinks(client, config.auth());
    }

    static StewardConfig configOf(LocalTopology topology) {
        return StewardConfig.builder(TopologyConfig.cluster(topology.plan().redisNodes()))
                .profile(topology.plan().profile())
                .auth(AuthConfig.withPasswordFile("admin", topology.passwordFile("admin")))
                .baseDir(topology.home())
                .build();
    }

    @AfterAll
    static void close() {
        links.close();
        admin.close();
        client.close();
    }

    @Test
    @Order(1)
    void checkPassesHealthyClusterWithSameHostWarningsOnly() {
        ClusterCheck check = admin.check();

        assertThat(check.verdict()).as(check.toString()).isEqualTo(Severity.WARN);
        assertThat(check.problems()).allSatisfy(f -> {
            assertThat(f.name()).isEqualTo("replica-placement");
            assertThat(f.severity()).isEqualTo(Severity.WARN);
        });
        assertThat(check.named("replica-placement")).hasSize(3);
        assertThat(check.nodes()).hasSize(6);
    }

    @Test
    @Order(2)
    void checkFindsMigratingAndUncoveredSlotsAndFixRepairsBoth() {
        List<ClusterNode> masters = ClusterView.read(links, seeds()).liveMasters();
        ClusterNode owner =
                masters.stream().filter(m -> m.owns(100)).findFirst().orElseThrow();
        ClusterNode importer =
                masters.stream().filter(m -> !m.owns(100)).findFirst().orElseThrow();
        String key = keyInSlot(owner.endpoint(), 100);
        links.on(owner.endpoint()).set(key, "value-100");
        links.on(importer.endpoint()).clusterSetSlotImporting(100, owner.id());
        links.on(owner.endpoint()).clusterSetSlotMigrating(100, importer.id());
        for (HostAndPort node : seeds()) {
            links.on(node).clusterDelSlots(200);
        }

        ClusterCheck broken = admin.check();
        assertThat(broken.verdict()).isEqualTo(Severity.CRITICAL);
        assertThat(broken.named("open-slots"))
                .extracting(ClusterFinding::detail)
                .anySatisfy(d -> assertThat(d).contains("migrating slot 100"))
                .anySatisfy(d -> assertThat(d).contains("importing slot 100"));
        assertThat(broken.named("slot-coverage")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.detail()).contains("1 slot(s)", "200");
        });

        FixReport dryRun = admin.fix(false, RebalanceOptions.DEFAULTS);
        assertThat(dryRun.applied()).isFalse();
        assertThat(admin.check().verdict())
                .as("a fix without confirm changes nothing")
                .isEqualTo(Severity.CRITICAL);

        FixReport fix = admin.fix(true, RebalanceOptions.DEFAULTS);
        assertThat(fix.actions()).extracting(FixReport.Action::kind).containsExactly("assign-slots", "finish-move");
        assertThat(fix.oversized()).isEmpty();

        ClusterCheck repaired = admin.check();
        assertThat(repaired.verdict()).as(repaired.problems().toString()).isEqualTo(Severity.WARN);
        assertThat(links.myself(importer.endpoint()).owns(100)).isTrue();
        assertThat(links.on(importer.endpoint()).get(key)).isEqualTo("value-100");
        assertThat(links.on(owner.endpoint()).clusterCountKeysInSlot(100)).isZero();
    }

    @Test
    @Order(3)
    void failoverOnReplicaSwapsRolesAndEveryNodeAgrees() {
        ClusterView before = ClusterView.read(links, seeds());
        ClusterNode replica =
                before.nodes().stream().filter(n -> !n.isMaster()).findFirst().orElseThrow();
        ClusterNode master = before.byId(replica.masterId()).orElseThrow();

        ClusterChange dryRun = admin.failover(replica.endpoint(), false);
        assertThat(dryRun.applied()).isFalse();
        assertThat(links.myself(replica.endpoint()).isMaster()).isFalse();

        admin.failover(replica.endpoint(), true);

        for (HostAndPort node : seeds()) {
            List<ClusterNode> view = links.clusterNodes(node);
            assertThat(view).as("view of " + node).anySatisfy(n -> {
                assertThat(n.id()).isEqualTo(replica.id());
                assertThat(n.isMaster()).isTrue();
            });
            assertThat(view).as("view of " + node).anySatisfy(n -> {
                assertThat(n.id()).isEqualTo(master.id());
                assertThat(n.masterId()).isEqualTo(replica.id());
            });
        }
    }

    @Test
    @Order(4)
    void failoverRefusesMasterAndUnknownNode() {
        ClusterNode master = ClusterView.read(links, seeds()).liveMasters().get(0);

        assertThatThrownBy(() -> admin.failover(master.endpoint(), true))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("is a master; run failover on one of its replicas");
        assertThatThrownBy(() -> admin.failover(HostAndPort.of("127.0.0.1", 1), true))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("127.0.0.1:1 is not a node of this cluster; known:");
    }

    @Test
    @Order(5)
    void removeNodeRefusesMasterServingSlots() {
        ClusterNode master = ClusterView.read(links, seeds()).liveMasters().get(0);

        assertThatThrownBy(() -> admin.removeNode(master.endpoint(), false, false, true, RebalanceOptions.DEFAULTS))
                .isInstanceOf(ClusterAdminException.class)
                .hasMessageContaining("is a master serving")
                .hasMessageContaining("--drain");
        assertThat(ClusterView.read(links, seeds()).byId(master.id())).isPresent();
    }

    @Test
    @Order(6)
    void addedReplicaIsKnownEverywhereAndRemovedNodeIsForgotten(LocalTopology topology) {
        try (SpareNodes spare = SpareNodes.forTopology(topology, 1)) {
            HostAndPort node = spare.endpoints().get(0);
            ClusterNode master = ClusterView.read(links, seeds()).liveMasters().get(0);

            ClusterChange added = admin.addNode(node, master.endpoint().toString());

            for (HostAndPort other : seeds()) {
                assertThat(links.clusterNodes(other)).as("view of " + other).anySatisfy(n -> {
                    assertThat(n.id()).isEqualTo(added.nodeId());
                    assertThat(n.masterId()).isEqualTo(master.id());
                });
            }
            assertThatThrownBy(() -> admin.addNode(node, null))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("already a node of this cluster");

            ClusterChange removed = admin.removeNode(node, false, true, true, RebalanceOptions.DEFAULTS);

            assertThat(removed.applied()).isTrue();
            for (HostAndPort other : seeds()) {
                assertThat(links.clusterNodes(other)).noneMatch(n -> n.id().equals(added.nodeId()));
            }
            assertThat(admin.check().verdict()).isEqualTo(Severity.WARN);
        }
    }

    @Test
    @Order(7)
    void fixRefusesWhileARebalanceIsUnfinished() {
        RebalanceStore store = new RebalanceStore(admin.unfinishedRebalanceHome());
        ClusterNode a = ClusterView.read(links, seeds()).liveMasters().get(0);
        ClusterNode b = ClusterView.read(links, seeds()).liveMasters().get(1);
        store.save(RebalanceProgress.start(
                new RebalancePlan(
                        RebalancePlan.By.SLOTS,
                        java.time.Instant.now(),
                        List.of(new SlotMove(a.slotSet().nextSetBit(0), a.id(), a.endpoint(), b.id(), b.endpoint()))),
                RebalanceProgress.State.RUNNING));
        try {
            assertThatThrownBy(() -> admin.fix(true, RebalanceOptions.DEFAULTS))
                    .isInstanceOf(ClusterAdminException.class)
                    .hasMessageContaining("rebalance is unfinished")
                    .hasMessageContaining("--abandon");
        } finally {
            store.delete();
        }
    }

    @Test
    @Order(8)
    void fixGivesAnUncoveredSlotBackToTheMasterHoldingItsKeys() {
        List<ClusterNode> masters = ClusterView.read(links, seeds()).liveMasters();
        ClusterNode first = masters.get(0);
        ClusterNode second = masters.get(1);
        int slotOfFirst = first.slotSet().length() - 1;
        int slotOfSecond = second.slotSet().length() - 1;
        String keyOfFirst = keyInSlot(first.endpoint(), slotOfFirst);
        String keyOfSecond = keyInSlot(second.endpoint(), slotOfSecond);
        links.on(first.endpoint()).set(keyOfFirst, "first");
        links.on(second.endpoint()).set(keyOfSecond, "second");
        // two slots of two masters uncovered: at most one of them can be the master with fewest slots
        for (HostAndPort node : seeds()) {
            links.on(node).clusterDelSlots(slotOfFirst, slotOfSecond);
        }

        FixReport fix = admin.fix(true, RebalanceOptions.DEFAULTS);

        assertThat(fix.refusedAny()).as(fix.actions().toString()).isFalse();
        assertThat(links.myself(first.endpoint()).owns(slotOfFirst)).isTrue();
        assertThat(links.myself(second.endpoint()).owns(slotOfSecond)).isTrue();
        assertThat(links.on(first.endpoint()).get(keyOfFirst)).isEqualTo("first");
        assertThat(links.on(second.endpoint()).get(keyOfSecond)).isEqualTo("second");
        assertThat(admin.check().verdict()).isEqualTo(Severity.WARN);
    }

    private static List<HostAndPort> seeds() {
        return admin.check().nodes();
    }

    private static String keyInSlot(HostAndPort node, int slot) {
        RedisCommands<String, String> commands = links.on(node);
        for (int i = 0; i < 1_000_000; i++) {
            String key = "k" + i;
            if (commands.clusterKeyslot(key) == slot) {
                return key;
            }
        }
        throw new IllegalStateException("no key found for slot " + slot);
    }
}
