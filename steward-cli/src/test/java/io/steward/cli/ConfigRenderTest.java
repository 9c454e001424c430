package io.steward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigRenderTest {

    @Test
    void shouldRenderSentinelDeploymentForRealHostsWithSecretsAndTls(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        CliRun run = CliRun.of(
                "config",
                "render",
                "--out",
                out.toString(),
                "--tls",
                "--nodes",
                "10.0.0.1:6379,10.0.0.2:6379,10.0.0.3:6379",
                "--sentinels",
                "10.0.0.1:26379,10.0.0.2:26379,10.0.0.3:26379");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        String master = Files.readString(out.resolve("10.0.0.1-6379/redis.conf"));
        assertThat(master)
                .contains(
                        "bind 10.0.0.1 127.0.0.1",
                        "tls-port 6379",
                        "port 0",
                        "aclfile /etc/redis/users-6379.acl",
                        "min-replicas-to-write 1",
                        "maxmemory-policy noeviction")
                .doesNotContain("replicaof");
        assertThat(Files.readString(out.resolve("10.0.0.2-6379/redis.conf"))).contains("replicaof 10.0.0.1 6379");
        assertThat(Files.readString(out.resolve("10.0.0.3-26379/sentinel.conf")))
                .contains("sentinel monitor steward 10.0.0.1 6379 2", "sentinel down-after-milliseconds steward 5000");
        String acl = Files.readString(out.resolve("10.0.0.1-6379/users.acl"));
        assertThat(acl).startsWith("user default off").contains("user app on #");
        String appPassword = Files.readString(out.resolve("secrets/app.pass")).strip();
        assertThat(acl).doesNotContain(appPassword);
        assertThat(run.out()).doesNotContain(appPassword);
        assertThat(PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(out.resolve("10.0.0.1-6379/redis.conf"))))
                .isEqualTo("rw-------");
        assertThat(out.resolve("tls/server.crt")).exists();
    }

    @Test
    void shouldTakeNodesAndSettingsFromConfigFileWhenFlagsLeaveThemOut(@TempDir Path tmp) throws Exception {
        Path config = tmp.resolve("steward.yaml");
        Files.writeString(
                config,
                "name: shop\nprofile: development\ntopology:\n  mode: cluster\n  role: cache\n"
                        + "  nodes: [10.0.1.1:7000, 10.0.1.2:7000, 10.0.1.3:7000, 10.0.1.4:7000, 10.0.1.5:7000, 10.0.1.6:7000]\n");
        Path out = tmp.resolve("out");

        CliRun run = CliRun.of("--config", config.toString(), "config", "render", "--out", out.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(Files.readString(out.resolve("10.0.1.4-7000/redis.conf")))
                .contains(
                        "deployment 'shop'",
                        "cluster-enabled yes",
                        "maxmemory-policy allkeys-lru",
                        "cluster-node-timeout 1500");
    }

    @Test
    void shouldRequireNodesFromFlagsOrFile(@TempDir Path tmp) {
        CliRun run = CliRun.of("config", "render", "--out", tmp.resolve("out").toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--nodes: no data nodes given");
    }
}
