package io.steward.provision;

import io.steward.HostAndPort;
import io.steward.StewardException;
import io.steward.provision.tls.TlsFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders the hardened configs of DESIGN §5 for a {@link DeploymentPlan}: {@code redis.conf} and
 * {@code users.acl} per data node, {@code sentinel.conf} per Sentinel. Passwords come from a
 * {@link SecretStore}; ACL files hold only their SHA-256 hashes. Rendering is a pure function of
 * the plan, the layout and the secrets.
 */
public final class ConfigRenderer {

    /** Slow log threshold: 10 ms. */
    public static final int SLOWLOG_MICROS = 10_000;

    public static final int SLOWLOG_MAX_LEN = 128;
    public static final int LATENCY_MONITOR_MILLIS = 100;
    public static final int MIN_REPLICAS_MAX_LAG_SECONDS = 10;
    public static final int FAILOVER_TIMEOUT_MILLIS = 60_000;

    private final DeploymentPlan plan;
    private final SecretStore secrets;
    private final Layout layout;

    private ConfigRenderer(DeploymentPlan plan, SecretStore secrets, Layout layout) {
        this.plan = plan;
        this.secrets = secrets;
        this.layout = layout;
    }

    public static ConfigRenderer of(DeploymentPlan plan, SecretStore secrets, Layout layout) {
        return new ConfigRenderer(plan, secrets, layout);
    }

    /** Every file of the deployment. */
    public List<RenderedFile> render() {
        List<RenderedFile> files = new ArrayList<>();
        for (HostAndPort node : plan.redisNodes()) {
            files.add(new RenderedFile(layout.configFile(node, false), redisConf(node), true));
            files.add(new RenderedFile(layout.aclFile(node), dataNodeAcl(), true));
        }
        for (HostAndPort sentinel : plan.sentinels()) {
            files.add(new RenderedFile(layout.configFile(sentinel, true), sentinelConf(sentinel), true));
        }
        return files;
    }

    /**
     * Writes {@link #render()} to disk, secret files 0600, creating directories (0700: the nodes
     * keep their data there) as needed.
     *
     * @throws StewardException when a file cannot be written
     */
    public List<RenderedFile> write() {
        List<RenderedFile> files = render();
        for (RenderedFile file : files) {
            try {
                OwnerOnlyFiles.createDirectories(file.path().getParent());
                byte[] bytes = file.content().getBytes(StandardCharsets.UTF_8);
                if (file.secret()) {
                    OwnerOnlyFiles.replace(file.path(), bytes);
                } else {
                    Files.write(file.path(), bytes);
                }
            } catch (IOException e) {
                throw new StewardException("cannot write " + file.path() + ": " + e.getMessage(), e);
            }
        }
        return files;
    }

    String redisConf(HostAndPort node) {
        StringBuilder c = process(node, false);
        c.append("aclfile ").append(layout.aclFileInConfig(node)).append('\n');
        c.append("enable-debug-command no\n");
        c.append("enable-module-command no\n");
        c.append("enable-protected-configs no\n");
        c.append("\n# Persistence: AOF every second with timestamps (point-in-time recovery) plus RDB save points\n");
        c.append("appendonly yes\n");
        c.append("appendfsync everysec\n");
        c.append("aof-timestamp-enabled yes\n");
        c.append("save 3600 1 300 100 60 10000\n");
        c.append("stop-writes-on-bgsave-error yes\n");
        c.append("\n# Memory: role '").append(plan.role().id()).append("'\n");
        c.append("maxmemory ").append(plan.maxmemoryBytes()).append('\n');
        c.append("maxmemory-policy ").append(plan.role().maxmemoryPolicy()).append('\n');
        c.append("\n# Replication\n");
        c.append("masteruser ").append(AclUser.REPLICA.userName()).append('\n');
        c.append("masterauth ")
                .append(new String(secrets.password(AclUser.REPLICA)))
                .append('\n');
        c.append("replica-read-only yes\n");
        c.append("repl-diskless-sync yes\n");
        c.append("repl-diskless-sync-delay 5\n");
        c.append("repl-diskless-sync-max-replicas ").append(replicasPerMaster()).append('\n');
        if (plan.mode() == TopologyMode.SENTINEL && plan.redisNodes().size() > 2) {
            // Only with two or more replicas: with one, its outage alone would stop all writes.
            c.append("min-replicas-to-write 1\n");
            c.append("min-replicas-max-lag ")
                    .append(MIN_REPLICAS_MAX_LAG_SECONDS)
                    .append('\n');
        }
        HostAndPort master = plan.initialMasterOf(node);
        if (master != null && plan.mode() == TopologyMode.SENTINEL) {
            c.append("replicaof ")
                    .append(master.host())
                    .append(' ')
                    .append(master.port())
                    .append('\n');
        }
        if (plan.mode() == TopologyMode.CLUSTER) {
            c.append("\n# Cluster\n");
            c.append("cluster-enabled yes\n");
            c.append("cluster-config-file nodes.conf\n");
            c.append("cluster-node-timeout ")
                    .append(plan.profile().downAfter().toMillis())
                    .append('\n');
            c.append("cluster-require-full-coverage yes\n");
            c.append("cluster-replica-validity-factor 0\n");
            if (plan.tls()) {
                c.append("tls-cluster yes\n");
            }
        }
        c.append("\n# Observability\n");
        c.append("slowlog-log-slower-than ").append(SLOWLOG_MICROS).append('\n');
        c.append("slowlog-max-len ").append(SLOWLOG_MAX_LEN).append('\n');
        c.append("latency-monitor-threshold ").append(LATENCY_MONITOR_MILLIS).append('\n');
        if (plan.tls()) {
            c.append("tls-replication yes\n");
        }
        return c.toString();
    }

    /** Replicas each master expects, so the first sync starts once they are all connected. */
    private int replicasPerMaster() {
        return switch (plan.mode()) {
            case STANDALONE -> 1;
            case SENTINEL -> plan.redisNodes().size() - 1;
            case CLUSTER -> Math.max(1, (plan.redisNodes().size() - plan.clusterMasters()) / plan.clusterMasters());
        };
    }

    String dataNodeAcl() {
        // ACL files allow no comments; passwords appear only as SHA-256 hashes.
        StringBuilder c = new StringBuilder("user default off resetkeys resetchannels -@all\n");
        for (AclUser user : AclUser.values()) {
            c.append("user ")
                    .append(user.userName())
                    .append(" on #")
                    .append(secrets.passwordSha256(user))
                    .append(' ')
                    .append(user.rules())
                    .append('\n');
        }
        return c.toString();
    }

    String sentinelConf(HostAndPort sentinel) {
        StringBuilder c = process(sentinel, true);
        c.append("sentinel resolve-hostnames no\n");
        c.append("sentinel announce-hostnames no\n");
        if (plan.tls()) {
            c.append("tls-replication yes\n");
        }
        HostAndPort master = plan.redisNodes().get(0);
        String name = plan.masterName();
        c.append("\nsentinel monitor ")
                .append(name)
                .append(' ')
                .append(master.host())
                .append(' ')
                .append(master.port())
                .append(' ')
                .append(plan.quorum())
                .append('\n');
        c.append("sentinel down-after-milliseconds ")
                .append(name)
                .append(' ')
                .append(plan.profile().downAfter().toMillis())
                .append('\n');
        c.append("sentinel failover-timeout ")
                .append(name)
                .append(' ')
                .append(FAILOVER_TIMEOUT_MILLIS)
                .append('\n');
        c.append("sentinel parallel-syncs ").append(name).append(" 1\n");
        c.append("sentinel auth-user ")
                .append(name)
                .append(' ')
                .append(AclUser.SENTINEL.userName())
                .append('\n');
        c.append("sentinel auth-pass ")
                .append(name)
                .append(' ')
                .append(new String(secrets.password(AclUser.SENTINEL)))
                .append('\n');
        c.append("\n# Sentinels authenticate to each other as 'sentinel'; clients use their own users.\n");
        c.append("sentinel sentinel-user ").append(AclUser.SENTINEL.userName()).append('\n');
        c.append("sentinel sentinel-pass ")
                .append(new String(secrets.password(AclUser.SENTINEL)))
                .append('\n');
        c.append("user default off resetkeys resetchannels -@all\n");
        for (AclUser user : AclUser.values()) {
            String rules = sentinelRules(user);
            if (rules != null) {
                c.append("user ")
                        .append(user.userName())
                        .append(" on #")
                        .append(secrets.passwordSha256(user))
                        .append(' ')
                        .append(rules)
                        .append('\n');
            }
        }
        return c.toString();
    }

    /** What each user may do on a Sentinel; null when the user has no account there. */
    private static String sentinelRules(AclUser user) {
        String discovery = "&* -@all +ping +hello +auth +role +info +subscribe +psubscribe +unsubscribe"
                + " +punsubscribe +client|setname +client|id +sentinel|get-master-addr-by-name +sentinel|master"
                + " +sentinel|masters +sentinel|replicas +sentinel|slaves +sentinel|sentinels";
        return switch (user) {
            case ADMIN, SENTINEL -> "~* &* +@all";
            case APP -> discovery;
            case MONITOR -> discovery + " +sentinel|ckquorum +sentinel|info-cache";
            case BACKUP, REPLICA -> null;
        };
    }

    /** The header and the settings every process has: where it listens, its files. */
    private StringBuilder process(HostAndPort node, boolean sentinel) {
        String program = sentinel ? "redis-sentinel" : "redis-server";
        String base = sentinel ? "sentinel" : "redis";
        StringBuilder c = new StringBuilder();
        c.append("# Rendered by Steward for deployment '")
                .append(plan.name())
                .append("': ")
                .append(program)
                .append(' ')
                .append(node)
                .append(" (")
                .append(plan.mode().id())
                .append(", ")
                .append(plan.profile().id())
                .append(plan.tls() ? ", tls" : "")
                .append(")\n");
        c.append("# Holds secrets: keep this file mode 0600.\n\n");
        c.append("bind ").append(layout.bind(node)).append('\n');
        c.append("protected-mode yes\n");
        listen(c, node.port());
        c.append("daemonize no\n");
        Path dir = layout.workDir(node, sentinel);
        c.append("dir ").append(dir).append('\n');
        c.append("pidfile ").append(dir.resolve(base + ".pid")).append('\n');
        c.append("logfile ").append(dir.resolve(base + ".log")).append('\n');
        return c;
    }

    private void listen(StringBuilder c, int port) {
        if (!plan.tls()) {
            c.append("port ").append(port).append('\n');
            return;
        }
        TlsFiles tls = layout.tlsInConfig();
        c.append("port 0\n");
        c.append("tls-port ").append(port).append('\n');
        c.append("tls-cert-file ").append(tls.serverCert()).append('\n');
        c.append("tls-key-file ").append(tls.serverKey()).append('\n');
        c.append("tls-ca-cert-file ").append(tls.ca()).append('\n');
        c.append("tls-auth-clients yes\n");
        c.append("tls-protocols \"TLSv1.2 TLSv1.3\"\n");
    }
}
