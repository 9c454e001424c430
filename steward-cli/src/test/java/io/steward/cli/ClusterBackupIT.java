package io.steward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.FlushMode;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.Executions;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.steward.ops.config.ConfigWriter;
import io.steward.provision.LocalDeployment;
import io.steward.provision.LocalNode;
import io.steward.provision.TopologyMode;
import io.steward.test.RedisTopology;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A cluster backup takes one RDB per shard (from replicas); restore routes every key to its slot and
 * loads the function libraries on every master.
 */
@RedisTopology(mode = TopologyMode.CLUSTER)
class ClusterBackupIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int KEYS = 3000;
    private static final String LIBRARY =
            "#!lua name=greeting\nredis.register_function('greet', function() return 'restored' end)";

    @Test
    void backupOfEveryShardRestoresEveryKeyToItsSlot(LocalDeployment topology) throws Exception {
        ConfigWriter.write(
                LocalConfig.of(topology.plan(), topology.home()),
                topology.home().resolve("steward.yaml"));
        String home = topology.home().toString();
        List<RedisURI> seeds = topology.redisNodes().stream()
                .map(LocalNode::endpoint)
                .map(e -> RedisURI.builder()
                        .withHost(e.host())
                        .withPort(e.port())
                        .withAuthentication("admin", topology.password("admin"))
                        .build())
                .toList();
        RedisClusterClient cluster = RedisClusterClient.create(seeds);
        try (StatefulRedisClusterConnection<String, String> connection = cluster.connect()) {
            RedisAdvancedClusterCommands<String, String> redis = connection.sync();
            for (int i = 0; i < KEYS; i++) {
                redis.set("user:" + i, "value-" + i);
            }
            redis.masters().commands().functionLoad(LIBRARY);

            CliRun created = CliRun.of("--home", home, "--json", "backup", "create");
            assertThat(created.exitCode()).as(created.toString()).isZero();
            JsonNode manifest = JSON.readTree(created.out());
            assertThat(manifest.get("keys").asLong()).isEqualTo(KEYS);
            assertThat(manifest.get("parts")).hasSize(3);
            Set<String> sources = new HashSet<>();
            manifest.get("parts").forEach(p -> {
                assertThat(p.get("sourceRole").asText()).isEqualTo("replica");
                sources.add(p.get("source").asText());
            });
            assertThat(sources).hasSize(3);
            String id = manifest.get("id").asText();

            CliRun verified = CliRun.of("--home", home, "backup", "verify", id, "--drill");
            assertThat(verified.exitCode()).as(verified.toString()).isZero();

            redis.flushall();
            redis.masters().commands().functionFlush(FlushMode.SYNC);
            assertThat(redis.dbsize()).isZero();
            CliRun restored = CliRun.of("--home", home, "--json", "restore", id, "--confirm", "--no-pre-backup");
            assertThat(restored.exitCode()).as(restored.toString()).isZero();

            assertThat(redis.dbsize()).isEqualTo(KEYS);
            assertThat(redis.get("user:1234")).isEqualTo("value-1234");
            Executions<String> greetings = redis.masters().commands().fcall("greet", ScriptOutputType.VALUE);
            assertThat(greetings.asMap()).hasSize(3).allSatisfy((node, reply) -> assertThat(reply)
                    .isEqualTo("restored"));
        } finally {
            cluster.shutdown();
        }
    }
}
