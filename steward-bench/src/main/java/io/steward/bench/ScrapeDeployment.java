package io.steward.bench;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import io.steward.HostAndPort;
import io.steward.StewardException;
import io.steward.client.StewardClient;
import io.steward.ops.config.AuthConfig;
import io.steward.ops.config.ScheduleConfig;
import io.steward.ops.config.ServerConfig;
import io.steward.ops.config.StewardConfig;
import io.steward.ops.config.TlsConfig;
import io.steward.ops.config.TopologyConfig;
import io.steward.provision.AclUser;
import io.steward.provision.DeploymentPlan;
import io.steward.provision.LocalDeployment;
import io.steward.provision.OwnerOnlyFiles;
import io.steward.provision.Profile;
import io.steward.provision.RedisBinaries;
import io.steward.provision.SecretStore;
import io.steward.provision.TopologyMode;
import io.steward.test.FreePorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A hardened local Sentinel deployment (master, 2 replicas, 3 sentinels, TLS off, 127.0.0.1) in a
 * fresh home, with the {@code steward.yaml} that {@code steward up} would write for it (collection
 * every {@link #METRICS_INTERVAL}) and one admin connection per node and sentinel for
 * {@code INFO all}. {@link #close()} stops everything and deletes the home.
 */
final class ScrapeDeployment implements AutoCloseable {

    static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    static final Duration SYNC_TIMEOUT = Duration.ofMinutes(2);
    static final Duration METRICS_INTERVAL = Duration.ofSeconds(5);

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final Consumer<String> progress;
    private final Map<HostAndPort, StatefulRedisConnection<String, String>> nodes = new LinkedHashMap<>();
    private final Map<HostAndPort, StatefulRedisSentinelConnection<String, String>> sentinels = new LinkedHashMap<>();
    private BenchHome home;
    private LocalDeployment deployment;
    private StewardConfig config;
    private StewardClient client;

    private ScrapeDeployment(Consumer<String> progress) {
        this.progress = progress;
    }

    /**
     * @throws StewardException when the deployment does not start; nothing is left running
     */
    static ScrapeDeployment start(RedisBinaries binaries, Profile profile, Consumer<String> progress) {
        ScrapeDeployment d = new ScrapeDeployment(progress);
        try {
            d.home = BenchHome.create("scrape", progress);
            d.resources.push(d.home);
            DeploymentPlan plan = DeploymentPlan.local(
                    TopologyMode.SENTINEL, profile, false, FreePorts.portBase(TopologyMode.SENTINEL));
            d.deployment = LocalDeployment.start(plan, d.home.path(), binaries, START_TIMEOUT);
            d.resources.push(d.deployment);
            d.config = stewardConfig(plan, d.home.path());
            ensureToken(d.config.server().tokenFile());
            d.client = StewardClient.createForNodes(d.config.clientOptions().build());
            d.resources.push(d.client);
            for (HostAndPort node : plan.redisNodes()) {
                d.nodes.put(node, d.client.connectNode(node));
            }
            for (HostAndPort sentinel : plan.sentinels()) {
                d.sentinels.put(sentinel, d.client.connectSentinel(sentinel));
            }
            return d;
        } catch (RuntimeException e) {
            d.close();
            throw e;
        }
    }

    /**
     * As the CLI's {@code LocalConfig} builds it for {@code steward up}, with the metrics schedule
     * spelled out.
     */
    private static StewardConfig stewardConfig(DeploymentPlan plan, Path home) {
        ScheduleConfig schedule = new ScheduleConfig(
                METRICS_INTERVAL,
                ScheduleConfig.DEFAULT_MEMORY_CHECK,
                ScheduleConfig.DEFAULT_TRENDS,
                ScheduleConfig.DEFAULT_CAPACITY);
        return StewardConfig.builder(TopologyConfig.sentinel(plan.masterName(), plan.sentinels())
                        .withRole(plan.role()))
                .name(plan.name())
                .profile(plan.profile())
                .auth(AuthConfig.withPasswordFile(
                        AclUser.ADMIN.userName(), home.resolve("secrets").resolve(AclUser.ADMIN.userName() + ".pass")))
                .tls(TlsConfig.DISABLED)
                .server(new ServerConfig(
                        ServerConfig.DEFAULT_BIND,
                        ServerConfig.DEFAULT_PORT,
                        SecretStore.in(home.resolve("secrets")).dashboardTokenFile()))
                .schedule(schedule)
                .baseDir(home)
                .file(home.resolve("steward.yaml"))
                .build();
    }

    /** {@code LocalDeployment} generates the token; if it did not, a random one is written, 0600. */
    private static void ensureToken(Path file) {
        try {
            if (!Files.exists(file)) {
                byte[] token = new byte[24];
                new SecureRandom().nextBytes(token);
                OwnerOnlyFiles.replace(file, HexFormat.of().formatHex(token).getBytes(StandardCharsets.US_ASCII));
            }
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            if (!mode.equals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE))) {
                throw new StewardException("the token file " + file + " is not 0600: " + mode);
            }
        } catch (IOException e) {
            throw new StewardException("cannot write the token file " + file + ": " + e.getMessage(), e);
        }
    }

    StewardConfig config() {
        return config;
    }

    Path home() {
        return home.path();
    }

    DeploymentPlan plan() {
        return deployment.plan();
    }

    /** The master the sentinels agree on. */
    HostAndPort master() {
        return deployment.master();
    }

    /** The dashboard token, for {@code Authorization: Bearer}. */
    String token() {
        try {
            return Files.readString(config.server().tokenFile()).strip();
        } catch (IOException e) {
            throw new StewardException("cannot read the token file: " + e.getMessage(), e);
        }
    }

    /** The password file of {@code user}. */
    Path passwordFile(AclUser user) {
        return deployment.passwordFile(user);
    }

    long pid(HostAndPort node) {
        return deployment.node(node).pid();
    }

    /**
     * Writes {@code dataset} to the master through a pipelined binary connection, checks
     * {@code DBSIZE}, then waits until both replicas have caught up.
     */
    void fill(SmallKeyDataset dataset) {
        HostAndPort master = master();
        try (StatefulRedisConnection<byte[], byte[]> c = client.connectNode(master, ByteArrayCodec.INSTANCE)) {
            dataset.fill(c, System.currentTimeMillis(), progress);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StewardException("interrupted while filling the data set", e);
        }
        long size = nodes.get(master).sync().dbsize();
        if (size != dataset.keys()) {
            throw new StewardException("after the fill the master holds " + size + " keys, not " + dataset.keys());
        }
        awaitReplicasInSync(master);
    }

    private void awaitReplicasInSync(HostAndPort master) {
        long deadline = System.nanoTime() + SYNC_TIMEOUT.toNanos();
        while (true) {
            Map<String, String> replication = fields(nodes.get(master).sync().info("replication"));
            String offset = replication.get("master_repl_offset");
            long replicas = replication.entrySet().stream()
                    .filter(e -> e.getKey().matches("slave\\d+"))
                    .filter(e -> e.getValue().contains("offset=" + offset + ","))
                    .count();
            if (replicas == plan().redisNodes().size() - 1) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new StewardException("the replicas did not catch up with the master within "
                        + SYNC_TIMEOUT.toMinutes() + " min: " + replication);
            }
            Sleep.millis(100, "the replicas to catch up");
        }
    }

    /** A field of one INFO section of {@code node}. */
    String infoField(HostAndPort node, String section, String name) {
        String value = fields(nodes.get(node).sync().info(section)).get(name);
        if (value == null) {
            throw new StewardException("INFO " + section + " of " + node + " has no field " + name);
        }
        return value;
    }

    /** {@code INFO all} of one data node. */
    CommandStats commandStats(HostAndPort node) {
        return CommandStats.parse(nodes.get(node).sync().info("all"));
    }

    /** {@code INFO all} of every data node and sentinel, one INFO each, by address. */
    Map<HostAndPort, CommandStats> snapshot() {
        Map<HostAndPort, CommandStats> out = new LinkedHashMap<>();
        nodes.forEach((address, node) ->
                out.put(address, CommandStats.parse(node.sync().info("all"))));
        sentinels.forEach((address, sentinel) ->
                out.put(address, CommandStats.parseSentinel(sentinel.sync().info("all"))));
        return out;
    }

    int dataNodes() {
        return nodes.size();
    }

    int sentinelCount() {
        return sentinels.size();
    }

    static Map<String, String> fields(String info) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : info.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                out.put(line.substring(0, colon), line.substring(colon + 1).strip());
            }
        }
        return out;
    }

    /** Closes the connections and client, stops the deployment and deletes the home, each even if another fails. */
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
