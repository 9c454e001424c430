package io.steward.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.steward.HostAndPort;
import io.steward.StewardException;
import io.steward.client.ClientOptions;
import io.steward.client.Mode;
import io.steward.client.StewardClient;
import io.steward.provision.AclUser;
import io.steward.provision.DeploymentPlan;
import io.steward.provision.LocalDeployment;
import io.steward.provision.LocalNode;
import io.steward.provision.RedisBinaries;
import io.steward.provision.TopologyMode;
import io.steward.test.FreePorts;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * One run of the failover benchmark: a fresh Sentinel topology, W writers each through Steward's
 * {@code commands()}, the Lettuce peer and the Redisson peer, kill -9 of the master, then the gap of each
 * client, the time to {@code +switch-master}, and the acknowledged writes the new master lacks.
 * Every wait is bounded; the whole run takes at most {@link #RUN_BOUND} plus the start.
 */
final class FailoverRun {

    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    static final Duration RUN_BOUND = Duration.ofSeconds(90);
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);
    static final Duration WARMUP = Duration.ofSeconds(2);
    static final Duration WRITERS_AFTER_SWITCH = Duration.ofSeconds(15);
    static final Duration SWITCH_TIMEOUT_AFTER_DOWN = Duration.ofSeconds(30);
    static final long MAX_WRITES_PER_WRITER = 50_000_000L;
    static final String USER = AclUser.APP.userName();

    private final BenchArgs args;
    private final RedisBinaries binaries;
    private final LongSupplier nanoTime;
    private final Consumer<String> progress;

    FailoverRun(BenchArgs args, RedisBinaries binaries, LongSupplier nanoTime, Consumer<String> progress) {
        this.args = args;
        this.binaries = binaries;
        this.nanoTime = nanoTime;
        this.progress = progress;
    }

    FailoverRunResult run(int index) {
        DeploymentPlan plan = DeploymentPlan.local(
                TopologyMode.SENTINEL, args.profile(), false, FreePorts.portBase(TopologyMode.SENTINEL));
        try (BenchHome home = BenchHome.create("failover", progress);
                LocalDeployment topology = LocalDeployment.start(plan, home.path(), binaries, START_TIMEOUT)) {
            return measure(index, topology, nanoTime.getAsLong() + RUN_BOUND.toNanos());
        }
    }

    private FailoverRunResult measure(int index, LocalDeployment topology, long runDeadline) {
        DeploymentPlan plan = topology.plan();
        char[] password = topology.password(AclUser.APP);
        HostAndPort oldMaster = topology.master();
        KillMark mark = new KillMark();
        try (SwitchMasterWatch watch =
                        SwitchMasterWatch.subscribe(plan.sentinels(), plan.masterName(), USER, password, nanoTime);
                StewardClient steward = StewardClient.create(stewardOptions(plan, password));
                LettucePeer lettuce =
                        LettucePeer.connect(plan.sentinels(), plan.masterName(), USER, password, COMMAND_TIMEOUT);
                RedissonPeer redisson =
                        RedissonPeer.connect(plan.sentinels(), plan.masterName(), USER, password, COMMAND_TIMEOUT)) {
            RedisCommands<String, String> stewardCommands = steward.commands();
            RedisCommands<String, String> lettuceCommands = lettuce.commands();
            CounterWriter.Target redissonTarget = redisson.target();
            List<WriterGroup> groups = List.of(
                    writers("steward", stewardCommands::set, mark, runDeadline),
                    writers("lettuce", lettuceCommands::set, mark, runDeadline),
                    writers("redisson", redissonTarget, mark, runDeadline));
            try {
                groups.forEach(WriterGroup::start);
                killAndAwait(index, topology, oldMaster, mark, watch, groups, runDeadline);
            } finally {
                groups.forEach(WriterGroup::close);
            }
            return result(index, oldMaster, mark, watch, plan.sentinels().size(), password, groups);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private WriterGroup writers(String client, CounterWriter.Target target, KillMark mark, long runDeadline) {
        return WriterGroup.of(client, args.writers(), i -> target, mark, nanoTime, runDeadline, MAX_WRITES_PER_WRITER);
    }

    private ClientOptions stewardOptions(DeploymentPlan plan, char[] password) {
        return ClientOptions.builder()
                .mode(Mode.SENTINEL)
                .endpoints(plan.sentinels())
                .masterName(plan.masterName())
                .username(USER)
                .password(password)
                .profile(io.steward.client.Profile.DEVELOPMENT)
                .commandTimeout(COMMAND_TIMEOUT)
                .build();
    }

    private void killAndAwait(
            int index,
            LocalDeployment topology,
            HostAndPort oldMaster,
            KillMark mark,
            SwitchMasterWatch watch,
            List<WriterGroup> groups,
            long runDeadline) {
        boolean warm = awaitUntil(
                () -> groups.stream().allMatch(WriterGroup::allAcknowledgedBeforeKill),
                nanoTime.getAsLong() + Duration.ofSeconds(20).toNanos());
        if (!warm) {
            throw new StewardException("run " + index + ": not every writer had a write acknowledged within 20 s");
        }
        pause(WARMUP);
        LocalNode master = topology.node(oldMaster);
        long pid = master.pid();
        mark.arm();
        long killedAt = nanoTime.getAsLong();
        mark.killed(killedAt);
        master.kill();
        awaitExit(pid);
        mark.dead(nanoTime.getAsLong());
        progress.accept("failover run " + index + ": killed master " + oldMaster + " (pid " + pid + ")");

        long switchDeadline = Math.min(
                runDeadline, killedAt + args.profile().downAfter().toNanos() + SWITCH_TIMEOUT_AFTER_DOWN.toNanos());
        awaitUntil(() -> watch.firstSwitch().isPresent(), switchDeadline);
        long resumeDeadline = watch.firstSwitch()
                .map(s -> Math.min(runDeadline, s.at() + WRITERS_AFTER_SWITCH.toNanos()))
                .orElse(runDeadline);
        awaitUntil(() -> groups.stream().allMatch(WriterGroup::allResumed), resumeDeadline);
    }

    private FailoverRunResult result(
            int index,
            HostAndPort oldMaster,
            KillMark mark,
            SwitchMasterWatch watch,
            int sentinels,
            char[] password,
            List<WriterGroup> groups) {
        long killedAt = mark.killedAt();
        Double switchSeconds =
                watch.firstSwitch().map(s -> Seconds.of(s.at() - killedAt)).orElse(null);
        Double lastSentinelSwitchSeconds = watch.lastSentinelSwitch(sentinels)
                .map(s -> Seconds.of(s.at() - killedAt))
                .orElse(null);
        HostAndPort newMaster =
                watch.firstSwitch().map(SwitchMasterWatch.Switch::newMaster).orElse(null);
        Map<String, String> stored = new LinkedHashMap<>();
        String role = "unknown (no +switch-master seen; nothing read back)";
        if (newMaster != null) {
            List<String> keys = groups.stream()
                    .flatMap(g -> g.writers().stream())
                    .map(CounterWriter::keyBeforeKill)
                    .toList();
            role = readBack(newMaster, password, keys, stored);
        }
        List<ClientOutcome> clients =
                groups.stream().map(g -> ClientOutcome.of(g, killedAt, stored)).toList();
        ClientOutcome steward = clients.get(0);
        Double afterSwitch =
                steward.gapSeconds() == null || switchSeconds == null ? null : steward.gapSeconds() - switchSeconds;
        boolean meetsGoal = afterSwitch != null && afterSwitch <= FailoverBenchmark.GOAL_AFTER_SWITCH_SECONDS;
        StringBuilder line =
                new StringBuilder("failover run " + index + ": first +switch-master " + switchSeconds + " s");
        clients.forEach(c -> line.append(", ")
                .append(c.client())
                .append(" gap ")
                .append(c.gapSeconds())
                .append(" s (lost ")
                .append(c.lostAcknowledged())
                .append(')'));
        progress.accept(line.toString());
        return new FailoverRunResult(
                index,
                oldMaster.toString(),
                newMaster == null ? null : newMaster.toString(),
                role,
                switchSeconds,
                lastSentinelSwitchSeconds,
                clients,
                afterSwitch,
                meetsGoal);
    }

    /** Reads {@code keys} from {@code node} into {@code stored} with a plain connection; returns the node's role. */
    private static String readBack(HostAndPort node, char[] password, List<String> keys, Map<String, String> stored) {
        RedisClient client = RedisClient.create();
        try (StatefulRedisConnection<String, String> connection = client.connect(
                StringCodec.UTF8,
                RedisURI.Builder.redis(node.host(), node.port())
                        .withAuthentication(USER, password)
                        .withTimeout(Duration.ofSeconds(5))
                        .build())) {
            RedisCommands<String, String> commands = connection.sync();
            for (String key : keys) {
                stored.put(key, commands.get(key));
            }
            return String.valueOf(commands.role().get(0));
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /** Waits until the killed process is gone, so that no write it acknowledged counts as resumed. */
    private static void awaitExit(long pid) {
        ProcessHandle.of(pid).ifPresent(handle -> {
            try {
                handle.onExit().get(5, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new StewardException("redis-server pid " + pid + " did not exit within 5 s of SIGKILL", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StewardException("interrupted while waiting for pid " + pid + " to exit", e);
            }
        });
    }

    /** Polls {@code condition} every 5 ms until it holds (true) or {@code deadline} passes (false). */
    private boolean awaitUntil(BooleanSupplier condition, long deadline) {
        while (!condition.getAsBoolean()) {
            if (nanoTime.getAsLong() - deadline >= 0) {
                return false;
            }
            pause(Duration.ofMillis(5));
        }
        return true;
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StewardException("interrupted during the failover benchmark", e);
        }
    }
}
