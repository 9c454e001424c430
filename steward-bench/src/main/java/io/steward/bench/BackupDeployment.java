package io.steward.bench;

import io.lettuce.core.FlushMode;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.steward.HostAndPort;
import io.steward.StewardException;
import io.steward.backup.BackupEngine;
import io.steward.backup.BackupManifest;
import io.steward.backup.BackupType;
import io.steward.backup.RestoreOptions;
import io.steward.client.StewardClient;
import io.steward.ops.config.AuthConfig;
import io.steward.ops.config.StewardConfig;
import io.steward.ops.config.TlsConfig;
import io.steward.ops.config.TopologyConfig;
import io.steward.provision.AclUser;
import io.steward.provision.DeploymentPlan;
import io.steward.provision.LocalDeployment;
import io.steward.provision.Profile;
import io.steward.provision.RedisBinaries;
import io.steward.provision.TopologyMode;
import io.steward.test.FreePorts;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A hardened standalone deployment (profile production, TLS off, 127.0.0.1, maxmemory
 * {@link #MAXMEMORY_BYTES}) in a fresh home, with what the backup and restore benchmarks drive:
 * the {@link BackupEngine} as {@code steward backup}/{@code steward restore} build it, and an admin
 * connection for {@code INFO}, {@code FLUSHALL} and {@code DBSIZE}. {@link #close()} stops
 * everything and deletes the home.
 */
final class BackupDeployment implements AutoCloseable {

    /** The production profile's 1 GiB is too small for a 1 GB RDB data set. */
    static final long MAXMEMORY_BYTES = 8L << 30;

    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    static final Duration IDLE_TIMEOUT = Duration.ofMinutes(10);
    static final int WARM_UP_KEYS = 20_000;
    static final String DESCRIPTION = "Steward standalone, profile production (appendonly yes, appendfsync everysec,"
            + " save 3600 1 300 100 60 10000, repl-diskless-sync yes, repl-diskless-sync-max-replicas 1),"
            + " maxmemory 8 GiB, TLS off, 127.0.0.1, redis-server " + "from RedisBinaries.locate()";

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final Consumer<String> progress;
    private BenchHome home;
    private LocalDeployment deployment;
    private StewardConfig config;
    private StewardClient client;
    private BackupEngine engine;
    private StatefulRedisConnection<String, String> admin;

    private BackupDeployment(Consumer<String> progress) {
        this.progress = progress;
    }

    /**
     * @throws StewardException when the deployment does not start; nothing is left running
     */
    static BackupDeployment start(RedisBinaries binaries, String label, Consumer<String> progress) {
        BackupDeployment d = new BackupDeployment(progress);
        try {
            d.home = BenchHome.create(label, progress);
            d.resources.push(d.home);
            DeploymentPlan local = DeploymentPlan.local(
                    TopologyMode.STANDALONE, Profile.PRODUCTION, false, FreePorts.portBase(TopologyMode.STANDALONE));
            DeploymentPlan plan = new DeploymentPlan(
                    local.name(),
                    local.mode(),
                    local.profile(),
                    local.tls(),
                    local.masterName(),
                    local.role(),
                    MAXMEMORY_BYTES,
                    local.redisNodes(),
                    local.sentinels());
            d.deployment = LocalDeployment.start(plan, d.home.path(), binaries, START_TIMEOUT);
            d.resources.push(d.deployment);
            d.config = stewardConfig(plan, d.home.path());
            d.client = StewardClient.createForNodes(d.config.clientOptions().build());
            d.resources.push(d.client);
            d.engine = BackupEngine.create(d.config, d.client, Clock.systemUTC());
            d.admin = d.client.connectNode(d.node());
            d.resources.push(d.admin);
            return d;
        } catch (RuntimeException e) {
            d.close();
            throw e;
        }
    }

    /** As {@code steward up} writes steward.yaml for a local deployment (see the CLI's LocalConfig). */
    private static StewardConfig stewardConfig(DeploymentPlan plan, Path home) {
        return StewardConfig.builder(
                        TopologyConfig.standalone(plan.redisNodes().get(0)).withRole(plan.role()))
                .name(plan.name())
                .profile(plan.profile())
                .auth(AuthConfig.withPasswordFile(
                        AclUser.ADMIN.userName(), home.resolve("secrets").resolve(AclUser.ADMIN.userName() + ".pass")))
                .tls(TlsConfig.DISABLED)
                .baseDir(home)
                .file(home.resolve("steward.yaml"))
                .build();
    }

    HostAndPort node() {
        return deployment.plan().redisNodes().get(0);
    }

    Path home() {
        return home.path();
    }

    BackupEngine engine() {
        return engine;
    }

    /** The admin password; the caller clears it. */
    char[] adminPassword() {
        return deployment.password(AclUser.ADMIN);
    }

    long serverPid() {
        return deployment.node(node()).pid();
    }

    /** Writes {@code dataset} through a pipelined binary connection, then waits for the server to be idle. */
    void fill(BackupDataset dataset) {
        try (StatefulRedisConnection<byte[], byte[]> c = client.connectNode(node(), ByteArrayCodec.INSTANCE)) {
            dataset.fill(c, System.currentTimeMillis(), progress);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StewardException("interrupted while filling the data set", e);
        }
        long size = dbsize();
        if (size != dataset.keys()) {
            throw new StewardException("after the fill the server holds " + size + " keys, not " + dataset.keys());
        }
        awaitIdle();
    }

    /**
     * A small untimed backup and restore, so that JIT compilation of the backup and restore paths
     * does not land on the first measured run; the server is empty afterwards.
     */
    void warmUp() {
        progress.accept("warm-up: untimed backup and restore of " + WARM_UP_KEYS + " keys");
        fill(new BackupDataset(WARM_UP_KEYS));
        BackupManifest m = engine.create(BackupType.RDB, "bench-warm-up", BackupEngine.Progress.NONE);
        flushAll();
        engine.restore(m.id(), new RestoreOptions(true, false, null));
        flushAll();
        BenchFiles.deleteTree(home().resolve("backups").resolve(m.id()));
    }

    /**
     * {@code FLUSHALL ASYNC} and a wait until the server has freed the old keys (the client's 2 s
     * command timeout is too short for a synchronous flush of millions of keys), then
     * {@code BGREWRITEAOF} so that every restore run starts from the same empty AOF base and triggers
     * the same automatic rewrites, then {@link #awaitIdle()}.
     */
    void flushAll() {
        RedisCommands<String, String> sync = admin.sync();
        awaitIdle();
        sync.flushall(FlushMode.ASYNC);
        awaitUntil(
                "FLUSHALL ASYNC to free the keys",
                () -> dbsize() == 0
                        && infoField("memory", "lazyfree_pending_objects").equals("0"));
        sync.bgrewriteaof();
        awaitIdle();
    }

    long dbsize() {
        return admin.sync().dbsize();
    }

    /** {@code total_forks} from INFO stats: RDB saves, AOF rewrites and replication syncs so far. */
    long totalForks() {
        return Long.parseLong(infoField("stats", "total_forks"));
    }

    /**
     * Waits until the server has no fork child and none scheduled (RDB save or diskless sync, AOF
     * rewrite), so that a measurement does not start behind a background save.
     *
     * @throws StewardException when it is still busy after {@link #IDLE_TIMEOUT}
     */
    void awaitIdle() {
        awaitUntil("a background save or rewrite to end", () -> {
            String info = admin.sync().info("persistence");
            return field(info, "rdb_bgsave_in_progress").equals("0")
                    && field(info, "aof_rewrite_in_progress").equals("0")
                    && field(info, "aof_rewrite_scheduled").equals("0");
        });
    }

    private static void awaitUntil(String what, BooleanSupplier done) {
        long deadline = System.nanoTime() + IDLE_TIMEOUT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new StewardException("waited " + IDLE_TIMEOUT.toMinutes() + " min for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StewardException("interrupted while waiting for " + what, e);
            }
        }
    }

    /** A field of one INFO section. */
    String infoField(String section, String name) {
        return field(admin.sync().info(section), name);
    }

    private static String field(String info, String name) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1).strip();
            }
        }
        throw new StewardException("INFO has no field " + name);
    }

    /** Closes the admin connection and client, stops the deployment and deletes the home, each even if another fails. */
    @Override
    public void close() {
        RuntimeException first = null;
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                if (first == null) {
                    first = e instanceof RuntimeException r ? r : new StewardException(e.getMessage(), e);
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
