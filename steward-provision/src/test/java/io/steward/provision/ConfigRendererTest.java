package io.steward.provision;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigRendererTest {

    @TempDir
    Path home;

    private Map<String, String> render(DeploymentPlan plan) {
        SecretStore secrets = SecretStore.in(home.resolve("secrets")).ensureGenerated();
        List<RenderedFile> files =
                ConfigRenderer.of(plan, secrets, Layout.local(home)).render();
        return files.stream()
                .collect(Collectors.toMap(f -> home.relativize(f.path()).toString(), RenderedFile::content));
    }

    @Test
    void shouldRenderHardenedDataNodeDefaults() {
        Map<String, String> files =
                render(DeploymentPlan.local(TopologyMode.SENTINEL, Profile.PRODUCTION, false, 6379));

        String master = files.get("nodes/6379/redis.conf");
        assertThat(master)
                .contains(
                        "bind 127.0.0.1 -::1",
                        "protected-mode yes",
                        "port 6379",
                        "enable-debug-command no",
                        "appendonly yes",
                        "appendfsync everysec",
                        "aof-timestamp-enabled yes",
                        "maxmemory-policy noeviction",
                        "min-replicas-to-write 1",
                        "min-replicas-max-lag 10",
                        "slowlog-log-slower-than 10000",
                        "slowlog-max-len 128",
                        "latency-monitor-threshold 100",
                        "masteruser replica");
        assertThat(master).doesNotContain("replicaof");
        assertThat(files.get("nodes/6380/redis.conf")).contains("replicaof 127.0.0.1 6379");
    }

    @Test
    void shouldTurnDefaultUserOffAndStoreOnlyPasswordHashes() {
        Map<String, String> files =
                render(DeploymentPlan.local(TopologyMode.STANDALONE, Profile.DEVELOPMENT, false, 6379));
        SecretStore secrets = SecretStore.in(home.resolve("secrets"));

        String acl = files.get("nodes/6379/users.acl");
        assertThat(acl.lines().findFirst()).hasValue("user default off resetkeys resetchannels -@all");
        for (AclUser user : AclUser.values()) {
            assertThat(acl).contains("user " + user.userName() + " on #" + secrets.passwordSha256(user));
            assertThat(acl).doesNotContain(new String(secrets.password(user)));
        }
        assertThat(acl).contains("user app on #").contains("-@admin -@dangerous");
    }

    @Test
    void shouldRenderSentinelWithQuorumAndProfileTimeouts() {
        Map<String, String> files =
                render(DeploymentPlan.local(TopologyMode.SENTINEL, Profile.DEVELOPMENT, false, 6379));

        assertThat(files.get("sentinels/26380/sentinel.conf"))
                .contains(
                        "port 26380",
                        "sentinel monitor steward 127.0.0.1 6379 2",
                        "sentinel down-after-milliseconds steward 1500",
                        "sentinel failover-timeout steward 60000",
                        "sentinel parallel-syncs steward 1",
                        "sentinel auth-user steward sentinel",
                        "user default off");
    }

    @Test
    void shouldSwitchEverythingToTlsAndClusterBusWhenAsked() {
        Map<String, String> files = render(DeploymentPlan.local(TopologyMode.CLUSTER, Profile.DEVELOPMENT, true, 6379));

        assertThat(files.get("nodes/7000/redis.conf"))
                .contains(
                        "port 0",
                        "tls-port 7000",
                        "tls-auth-clients yes",
                        "tls-replication yes",
                        "tls-cluster yes",
                        "cluster-enabled yes",
                        "cluster-node-timeout 1500")
                .doesNotContain("min-replicas-to-write");
    }

    @Test
    void shouldWriteSecretFilesOwnerOnlyAndKeepPasswordsOnRerender() throws Exception {
        SecretStore secrets = SecretStore.in(home.resolve("secrets")).ensureGenerated();
        String before = new String(secrets.password(AclUser.APP));
        ConfigRenderer.of(
                        DeploymentPlan.local(TopologyMode.STANDALONE, Profile.DEVELOPMENT, false, 6379),
                        secrets,
                        Layout.local(home))
                .write();
        secrets.ensureGenerated();

        assertThat(new String(secrets.password(AclUser.APP)))
                .isEqualTo(before)
                .hasSize(SecretStore.DEFAULT_PASSWORD_LENGTH);
        Function<Path, String> perms = p -> {
            try {
                return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        assertThat(perms.apply(secrets.file(AclUser.APP))).isEqualTo("rw-------");
        assertThat(perms.apply(home.resolve("secrets"))).isEqualTo("rwx------");
        assertThat(perms.apply(home.resolve("nodes/6379/redis.conf"))).isEqualTo("rw-------");
        assertThat(perms.apply(home.resolve("nodes/6379/users.acl"))).isEqualTo("rw-------");
    }

    @Test
    void shouldRequireReplicaAcksOnlyWithTwoOrMoreReplicas() {
        DeploymentPlan two = DeploymentPlan.local(TopologyMode.SENTINEL, Profile.PRODUCTION, false, 6379);
        DeploymentPlan one = two.withNodes(two.redisNodes().subList(0, 2), two.sentinels());

        assertThat(render(two).get("nodes/6379/redis.conf")).contains("min-replicas-to-write 1");
        assertThat(render(one).get("nodes/6379/redis.conf")).doesNotContain("min-replicas-to-write");
    }
}
