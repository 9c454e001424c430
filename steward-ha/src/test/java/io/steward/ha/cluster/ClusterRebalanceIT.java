package io.steward.ha.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.sync.RedisCommands;
import io.steward.HostAndPort;
import io.steward.client.StewardClient;
import io.steward.ops.config.AuthConfig;
import io.steward.ops.config.StewardConfig;
import io.steward.ops.config.TopologyConfig;
import io.steward.ops.health.Severity;
import io.steward.ops.info.ClusterNode;
import io.steward.provision.AclUser;
import io.steward.provision.Profile;
import io.steward.test.SpareNodes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Create a 3 + 3 cluster from empty nodes, add a fourth master and rebalance by slot count while a
 * writer runs: every key, and every acknowledged write, is there afterwards with its value.
 */
class ClusterRebalanceIT {

    private static final int KEYS = 20_000;

    @Test
    void createAddMasterAndRebalanceBySlotsLosesNoKeyUnderWrites(@TempDir Path base) throws Exception {
        try (SpareNodes spare = SpareNodes.withOwnSecrets(7)) {
            List<HostAndPort> nodes = spare.endpoints().subList(0, 6);
            HostAndPort newMaster = spare.endpoints().get(6);
            StewardConfig config = StewardConfig.builder(TopologyConfig.cluster(nodes))
                    .profile(Profile.DEVELOPMENT)
                    .auth(AuthConfig.withPasswordFile("admin", spare.passwordFile(AclUser.ADMIN)))
                    .baseDir(base)
                    .build();
            try (StewardClient nodesClient =
                            StewardClient.createForNodes(config.clientOptions().build());
                    ClusterAdmin admin = ClusterAdmin.create(config, nodesClient, Clock.systemUTC())) {
                ClusterChange created = admin.createCluster(nodes, 1);
                assertThat(created.roles().values())
                        .filteredOn("master"::equals)
                        .hasSize(3);

                try (StewardClient client =
                        StewardClient.create(config.clientOptions().build())) {
                    Map<String, String> batch = new HashMap<>();
                    for (int i = 0; i < KEYS; i++) {
                        batch.put("key:" + i, "value-" + i);
                        if (batch.size() == 500) {
                            batch.forEach(client.cluster()::set);
                            batch.clear();
                        }
                    }
                    String before = digest(nodesClient, admin, "key:");

                    admin.addNode(newMaster, null);
                    Map<String, String> acknowledged = new ConcurrentHashMap<>();
                    AtomicBoolean writing = new AtomicBoolean(true);
                    Thread writer = new Thread(() -> {
                        for (int i = 0; writing.get() && i < 1_000_000; i++) {
                            try {
                                client.cluster().set("write:" + i, "w" + i);
                                acknowledged.put("write:" + i, "w" + i);
                            } catch (RuntimeException e) {
                                // not acknowledged: not counted
                            }
                        }
                    });
                    writer.start();
                    RebalanceProgress done;
                    try {
                        done = admin.rebalance(
                                RebalanceOptions.builder()
                                        .pause(java.time.Duration.ZERO)
                                        .build(),
                                true,
                                p -> {});
                    } finally {
                        writing.set(false);
                        writer.join(60_000);
                    }

                    assertThat(done.state()).isEqualTo(RebalanceProgress.State.DONE);
                    assertThat(done.slotsMoved()).isEqualTo(4096);
                    assertThat(done.keysMoved()).isPositive();
                    assertThat(digest(nodesClient, admin, "key:")).isEqualTo(before);
                    assertThat(acknowledged).isNotEmpty();
                    acknowledged.forEach(
                            (k, v) -> assertThat(client.cluster().get(k)).as(k).isEqualTo(v));
                }
                ClusterView view = ClusterView.read(new NodeLinks(nodesClient, config.auth()), nodes);
                ClusterNode added = view.byEndpoint(newMaster).orElseThrow();
                assertThat(added.slots()).isEqualTo(4096);
                assertThat(view.liveMasters()).extracting(ClusterNode::slots).containsOnly(4096);
                ClusterCheck check = admin.check();
                assertThat(check.verdict()).as(check.problems().toString()).isNotEqualTo(Severity.CRITICAL);
                assertThat(check.named("open-slots")).allMatch(f -> f.severity() == Severity.OK);
                assertThat(admin.unfinishedRebalance()).isEmpty();
            }
        }
    }

    /** SHA-256 over the sorted key=value pairs with {@code prefix}, read from every master; and their count. */
    static String digest(StewardClient client, ClusterAdmin admin, String prefix) throws Exception {
        TreeMap<String, String> all = new TreeMap<>();
        for (HostAndPort master : admin.check().nodes()) {
            var connection = client.connectNode(master);
            try {
                RedisCommands<String, String> node = connection.sync();
                if (!node.role().get(0).equals("master")) {
                    continue;
                }
                List<String> keys = new ArrayList<>();
                ScanIterator.scan(node, ScanArgs.Builder.matches(prefix + "*").limit(1000))
                        .forEachRemaining(keys::add);
                for (String key : keys) {
                    all.put(key, node.get(key));
                }
            } finally {
                connection.close();
            }
        }
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        all.forEach((k, v) -> sha.update((k + "=" + v + "\n").getBytes(StandardCharsets.UTF_8)));
        return all.size() + ":" + HexFormat.of().formatHex(sha.digest());
    }
}
