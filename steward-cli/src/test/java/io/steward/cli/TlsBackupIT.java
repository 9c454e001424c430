package io.steward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.steward.HostAndPort;
import io.steward.ops.config.ConfigWriter;
import io.steward.provision.LocalDeployment;
import io.steward.provision.tls.TlsFiles;
import io.steward.test.RedisTopology;
import org.junit.jupiter.api.Test;

/** Backup over a TLS replication link and restore over a TLS socket, with client certificates. */
@RedisTopology(tls = true)
class TlsBackupIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void backupAndRestoreWorkOverTls(LocalDeployment topology) throws Exception {
        String home = topology.home().toString();
        ConfigWriter.write(
                LocalConfig.of(topology.plan(), topology.home()),
                topology.home().resolve("steward.yaml"));
        HostAndPort node = topology.master();
        TlsFiles tls = topology.tls().orElseThrow();
        RedisClient client = RedisClient.create();
        client.setOptions(ClientOptions.builder()
                .sslOptions(SslOptions.builder()
                        .trustManager(tls.ca().toFile())
                        .keyManager(tls.clientCert().toFile(), tls.clientKey().toFile(), null)
                        .build())
                .build());
        RedisURI uri = RedisURI.builder()
                .withHost(node.host())
                .withPort(node.port())
                .withSsl(true)
                .withAuthentication("admin", topology.password("admin"))
                .build();
        try (StatefulRedisConnection<String, String> redis = client.connect(uri)) {
            for (int i = 0; i < 1000; i++) {
                redis.sync().set("tls:" + i, "value-" + i);
            }
            CliRun created = CliRun.of("--home", home, "--json", "backup", "create");
            assertThat(created.exitCode()).as(created.toString()).isZero();
            JsonNode manifest = JSON.readTree(created.out());
            assertThat(manifest.get("keys").asLong()).isEqualTo(1000);

            redis.sync().flushall();
            CliRun restored = CliRun.of(
                    "--home", home, "--json", "restore", manifest.get("id").asText(), "--confirm", "--no-pre-backup");
            assertThat(restored.exitCode()).as(restored.toString()).isZero();
            assertThat(redis.sync().dbsize()).isEqualTo(1000);
            assertThat(redis.sync().get("tls:7")).isEqualTo("value-7");
        } finally {
            client.shutdown();
        }
    }
}
