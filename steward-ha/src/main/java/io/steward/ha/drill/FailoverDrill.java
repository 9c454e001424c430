package io.steward.ha.drill;

import io.steward.ConfigException;
import io.steward.HostAndPort;
import io.steward.StewardException;
import io.steward.client.StewardClient;
import io.steward.ops.config.StewardConfig;
import io.steward.provision.LocalNode;
import io.steward.provision.TopologyMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A measured failover drill: writers put load on the master through Steward's own client, the drill
 * takes the master away ({@link DrillMode}), and reports per run what the failover cost the clients
 * (see {@link DrillRun}) and a verdict against the deployment's own timeouts.
 *
 * <h2>A run, step by step</h2>
 * <ol>
 *   <li>Wait until the deployment is settled (replicas in sync, sentinels agreeing or cluster ok),
 *       at most {@link DrillOptions#settleTimeout()}.
 *   <li>Start the writers and a probe that writes straight to the master's address; measure
 *       throughput for {@link DrillOptions#throughputPhase()} (twice when durable).
 *   <li>Inject the fault; watch for the switch, at most {@link DrillLimits#runDeadlineMillis()}.
 *       A paused master is resumed at the switch (or the deadline).
 *   <li>Once every writer has written since the switch, plus {@link #TAIL}, stop the writers and read
 *       every acknowledged key back.
 *   <li>Wait for the old master to report itself a replica of the new one, at most
 *       {@link DrillOptions#rejoinTimeout()}; count what the probe got acknowledged after the switch.
 *   <li>Delete the run's keys (best effort; they expire after an hour anyway).
 * </ol>
 *
 * <p>Not thread-safe: one drill at a time per instance. Every thread a run starts is stopped and
 * joined before {@link #run} returns or throws, and a paused process is always resumed.
 */
public final class FailoverDrill {

    /** How long writers keep going after each has written since the switch, so the report shows them steady. */
    static final Duration TAIL = Duration.ofMillis(500);

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration POLL = Duration.ofMillis(20);

    private final StewardConfig config;
    private final FaultTarget faults;
    private final Clock clock;
    private final LongSupplier nanoTime;

    private FailoverDrill(StewardConfig config, FaultTarget faults, Clock clock, LongSupplier nanoTime) {
        this.config = Objects.requireNonNull(config, "config");
        this.faults = Objects.requireNonNull(faults, "faults");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /**
     * A drill of the deployment {@code config} describes, measuring durations with
     * {@link System#nanoTime()}.
     *
     * @param faults where the processes to kill or pause are found ({@link FaultTarget#localHome})
     * @param clock  the timestamps of the report, the fault and the events
     */
    public static FailoverDrill create(StewardConfig config, FaultTarget faults, Clock clock) {
        return create(config, faults, clock, System::nanoTime);
    }

    /**
     * As {@link #create(StewardConfig, FaultTarget, Clock)}, with the ticker durations are measured with.
     *
     * @param nanoTime a monotonic nanosecond ticker ({@link System#nanoTime()} in production)
     */
    public static FailoverDrill create(StewardConfig config, FaultTarget faults, Clock clock, LongSupplier nanoTime) {
        return new FailoverDrill(config, faults, clock, nanoTime);
    }

    /**
     * Runs {@link DrillOptions#runs()} faults, one after another.
     *
     * @throws ConfigException  before anything is contacted for a standalone or, without
     *                          {@link DrillOptions#allowRemote()}, a non-loopback deployment; before any
     *                          fault for a master without a local process (unless allowed), or a remote
     *                          pause
     * @throws StewardException when the deployment cannot be reached before the first run; a run that
     *                          fails later (no settle, a node unreachable) ends the drill with a FAIL
     *                          run and the report of the runs so far
     */
    public DrillReport run(DrillOptions options, DrillProgress progress) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(progress, "progress");
        TopologyMode mode = config.topology().mode();
        if (mode == TopologyMode.STANDALONE) {
            throw new ConfigException(
                    "topology.mode", "a standalone deployment has no failover to drill; use sentinel or cluster");
        }
        Locality.firstRemote(config.topology().endpoints())
                .filter(remote -> !options.allowRemote())
                .ifPresent(remote -> {
                    throw refusedRemote(remote + " is not on this host");
                });
        Locality.firstRemote(config.topology().endpoints())
                .filter(remote -> options.mode() == DrillMode.PAUSE)
                .ifPresent(remote -> {
                    throw new ConfigException(
                            "--mode",
                            "pause needs the master's process on this host (SIGSTOP), and " + remote
                                    + " is not on this host; use --mode kill or --mode manual for a remote deployment");
                });
        Instant startedAt = clock.instant();
        Duration commandTimeout = Duration.ofSeconds(2).plus(options.replicationTimeout());
        try (StewardClient client = StewardClient.create(config.clientOptions()
                        .connectTimeout(CONNECT_TIMEOUT)
                        .commandTimeout(commandTimeout)
                        .build());
                DrillTopology topology = mode == TopologyMode.SENTINEL
                        ? new SentinelDrillTopology(
                                client,
                                config.topology().masterName(),
                                config.topology().sentinels(),
                                clock)
                        : new ClusterDrillTopology(client, config.topology().nodes(), clock)) {
            Locality.firstRemote(topology.endpoints())
                    .filter(remote -> !options.allowRemote())
                    .ifPresent(remote -> {
                        throw refusedRemote("node " + remote + " is not on this host");
                    });
            DrillLimits limits = topology.limits(options.mode());
            // the probe's one write may wait out a whole paused run: a shorter timeout would give up on a
            // write the old master then executes when it resumes, and the count would miss it
            Duration probeTimeout =
                    Duration.ofMillis(limits.runDeadlineMillis()).plus(options.rejoinTimeout());
            try (StewardClient probeClient = StewardClient.createForNodes(config.clientOptions()
                    .connectTimeout(CONNECT_TIMEOUT)
                    .commandTimeout(probeTimeout)
                    .build())) {
                String drillId = Long.toString(startedAt.toEpochMilli(), 36);
                List<DrillRun> runs = new ArrayList<>();
                for (int run = 1; run <= options.runs(); run++) {
                    RunSteps steps = new RunSteps(options, progress, topology, client, probeClient, limits, run);
                    DrillRun result;
                    boolean broken = false;
                    try {
                        result = steps.run(options.keyPrefix() + ":" + drillId + "-" + run);
                    } catch (ConfigException e) {
                        throw e; // refused before any fault: a usage error, not a run
                    } catch (StewardException e) {
                        // the runs so far stay measured; the deployment is in no state for another run
                        result = failedRun(run, options, steps.oldMaster, steps.faultAt, steps.notes, e);
                        broken = true;
                    }
                    runs.add(result);
                    progress.runFinished(result);
                    if (broken) {
                        break;
                    }
                }
                return new DrillReport(
                        config.name(), mode, options, limits, startedAt, clock.instant(), runs, DrillSummary.of(runs));
            }
        }
    }

    /** A run that could not finish (the deployment did not settle, a node could not be reached): FAIL. */
    static DrillRun failedRun(
            int run,
            DrillOptions options,
            HostAndPort oldMaster,
            Long faultAt,
            List<String> notes,
            RuntimeException e) {
        return new DrillRun(
                run,
                options.mode(),
                options.durable(),
                oldMaster,
                null,
                faultAt == null ? null : Instant.ofEpochMilli(faultAt),
                null,
                null,
                null,
                0,
                List.of(),
                0,
                null,
                0,
                java.util.Map.of(),
                false,
                null,
                new Throughput(0, null),
                DrillVerdict.FAIL,
                List.of("the run could not finish: " + e.getMessage()),
                notes);
    }

    private static ConfigException refusedRemote(String what) {
        return new ConfigException(
                "--allow-remote",
                what + "; a drill takes a real master down, so it refuses a deployment it does not run locally"
                        + " unless you pass --allow-remote (then: manual, or kill by SHUTDOWN NOSAVE)");
    }

    /**
     * One run: its state and steps, discarded afterwards. Durations the drill measures itself (settle,
     * throughput, deadlines, rejoin) use the ticker; the switch's figures are differences of timestamps,
     * since the sentinels' events arrive stamped by the clock.
     */
    private final class RunSteps {
        private static final Duration SETTLE_POLL = Duration.ofMillis(250);
        private static final Duration REJOIN_POLL = Duration.ofMillis(200);

        private final DrillOptions options;
        private final DrillProgress progress;
        private final DrillTopology topology;
        private final StewardClient client;
        private final StewardClient probeClient;
        private final DrillLimits limits;
        private final int run;
        private final List<String> notes = new ArrayList<>();
        /** Known once the run has them, for the report of a run that fails half-way. */
        private HostAndPort oldMaster;

        private Long faultAt;
        private long faultNanos;
        private boolean rejoinExpected = true;
        /** Set before SIGSTOP is sent, so that every way out of the run resumes the master. */
        private PausedNode paused;

        private DrillWriters writers;
        private OldMasterProbe probe;
        private DrillTopology.SwitchWatch watch;
        private boolean writersStopped;
        private boolean probeStopped;

        RunSteps(
                DrillOptions options,
                DrillProgress progress,
                DrillTopology topology,
                StewardClient client,
                StewardClient probeClient,
                DrillLimits limits,
                int run) {
            this.options = options;
            this.progress = progress;
            this.topology = topology;
            this.client = client;
            this.probeClient = probeClient;
            this.limits = limits;
            this.run = run;
        }

        /** Settles, loads, injects the fault, and measures; every thread it starts has ended when it returns. */
        DrillRun run(String runPrefix) {
            progress.settling(run, options.runs());
            awaitSettled();
            oldMaster = topology.master();
            Optional<LocalNode> process = faults.process(oldMaster);
            refuseWhatCannotBeDone(oldMaster, process);
            try {
                writers = DrillWriters.start(topology, clock, nanoTime, options, runPrefix);
                probe = OldMasterProbe.start(
                        probeClient, oldMaster, topology.keyServedBy(oldMaster, runPrefix + ":probe"), clock);
                Throughput throughput = measureThroughput();
                watch = topology.watch(oldMaster);
                inject(oldMaster, process);
                progress.faultInjected(run, options.mode(), oldMaster, Instant.ofEpochMilli(faultAt));
                DrillTopology.Observation seen = awaitSwitchAndWriters();
                stopWritersAndWatch();
                seen = watch.observed();
                notes.addAll(seen.notes());
                return measure(seen, throughput);
            } finally {
                resumePaused();
                stopWritersAndWatch();
                stopProbe();
            }
        }

        /** The figures of a run whose fault is over and whose writers have stopped, and their verdict. */
        private DrillRun measure(DrillTopology.Observation seen, Throughput throughput) {
            List<WriterResult> results = writers.results();
            List<String> acked =
                    results.stream().flatMap(w -> w.ackedKeys().stream()).toList();
            Long lost = readBack(seen, acked);
            Long rejoinMillis = seen.switchAt() == null ? null : awaitRejoin(seen.newMaster());
            stopProbe();
            long acceptedAfterSwitch = seen.switchAt() == null ? 0 : probe.acceptedSince(seen.switchAt());
            if (options.deleteKeys()) {
                List<String> keys = new ArrayList<>(writers.triedKeys());
                keys.addAll(probe.triedKeys());
                NodeOps.deleteAll(client, topology, keys);
            }
            Long switchMillis = since(faultAt, seen.switchAt());
            RunJudge.Judgement judgement = RunJudge.judge(
                    limits,
                    options.durable(),
                    rejoinExpected,
                    switchMillis,
                    writers.longestGapOverall(),
                    acked.size(),
                    lost,
                    acceptedAfterSwitch,
                    rejoinMillis != null,
                    writers.errors());
            return new DrillRun(
                    run,
                    options.mode(),
                    options.durable(),
                    oldMaster,
                    seen.newMaster(),
                    Instant.ofEpochMilli(faultAt),
                    since(faultAt, seen.sdownAt()),
                    since(faultAt, seen.odownAt()),
                    switchMillis,
                    writers.longestGapOverall(),
                    results,
                    acked.size(),
                    lost,
                    acceptedAfterSwitch,
                    probe.refusals(),
                    rejoinMillis != null,
                    rejoinMillis,
                    throughput,
                    judgement.verdict(),
                    judgement.findings(),
                    notes);
        }

        /** How many acknowledged keys the new master lacks; null without a switch (no master to ask). */
        private Long readBack(DrillTopology.Observation seen, List<String> acked) {
            if (seen.switchAt() == null) {
                notes.add("no switch: the acknowledged keys were not read back");
                return null;
            }
            progress.step(run, "reading " + acked.size() + " acknowledged keys back");
            return NodeOps.countMissing(client, topology, acked);
        }

        /**
         * Waits, at most {@link DrillOptions#settleTimeout()}, until the deployment is settled.
         *
         * @throws StewardException naming what is still missing when the time is up
         */
        private void awaitSettled() {
            long deadline = nanoTime.getAsLong() + options.settleTimeout().toNanos();
            Optional<String> missing;
            do {
                missing = topology.unsettled();
                if (missing.isEmpty()) {
                    topology.recountReplicas();
                    return;
                }
                NodeOps.pause(SETTLE_POLL);
            } while (before(deadline));
            throw new StewardException("the deployment did not settle within "
                    + options.settleTimeout().toSeconds() + " s (" + missing.get()
                    + "); a drill needs every replica in sync before it takes a master down; check './steward health'");
        }

        private void refuseWhatCannotBeDone(HostAndPort master, Optional<LocalNode> process) {
            if (process.isPresent()) {
                return;
            }
            if (!options.allowRemote()) {
                throw refusedRemote("the master " + master + " is not a process of this Steward home");
            }
            if (options.mode() == DrillMode.PAUSE) {
                throw new ConfigException(
                        "--mode",
                        "pause needs the master's process on this host (SIGSTOP), and " + master
                                + " is not one; use --mode kill or --mode manual for a remote deployment");
            }
        }

        private Throughput measureThroughput() {
            Double plain = null;
            if (options.durable()) {
                writers.durable(false);
                plain = rate();
                writers.durable(true);
            }
            return new Throughput(rate(), plain);
        }

        private double rate() {
            long startAcked = writers.acked();
            long start = nanoTime.getAsLong();
            NodeOps.pause(options.throughputPhase());
            double seconds = Math.max(1, nanoTime.getAsLong() - start) / 1e9;
            return (writers.acked() - startAcked) / seconds;
        }

        /**
         * Takes the master away. The fault's time is taken immediately before the signal or command in
         * every mode; a pause is recorded (with its resume-on-exit hook) before SIGSTOP is sent.
         */
        private void inject(HostAndPort master, Optional<LocalNode> process) {
            switch (options.mode()) {
                case KILL -> {
                    if (process.isPresent()) {
                        markFault();
                        process.get().kill();
                        return;
                    }
                    markFault();
                    shutdownNoSave(master);
                    rejoinExpected = false;
                    notes.add("killed " + master + " with SHUTDOWN NOSAVE (not a local process): its service"
                            + " manager must restart it before it can rejoin");
                }
                case PAUSE -> {
                    paused = PausedNode.arm(process.orElseThrow());
                    markFault();
                    paused.stop();
                }
                case MANUAL -> {
                    markFault();
                    topology.failOverManually(master);
                }
                default -> throw new IllegalStateException("unknown mode " + options.mode());
            }
        }

        private void markFault() {
            faultAt = clock.millis();
            faultNanos = nanoTime.getAsLong();
        }

        private void resumePaused() {
            if (paused != null) {
                PausedNode node = paused;
                paused = null;
                node.resume();
            }
        }

        private void shutdownNoSave(HostAndPort master) {
            try (var connection = client.connectNode(master)) {
                connection.sync().shutdown(false);
            } catch (RuntimeException e) {
                // the connection drops as the server exits; whether it is down shows in the events
            }
        }

        /**
         * Waits for the switch, at most {@link DrillLimits#runDeadlineMillis()} from the fault; resumes a
         * paused master; then waits for every writer to write again, plus {@link #TAIL}.
         */
        private DrillTopology.Observation awaitSwitchAndWriters() {
            long deadline = faultNanos + TimeUnit.MILLISECONDS.toNanos(limits.runDeadlineMillis());
            DrillTopology.Observation seen = watch.observed();
            while (seen.switchAt() == null && before(deadline)) {
                NodeOps.pause(POLL);
                seen = watch.observed();
            }
            resumePaused();
            if (seen.switchAt() != null) {
                progress.step(run, "switched to " + seen.newMaster());
                while (!writers.allAckedSince(seen.switchAt()) && before(deadline)) {
                    NodeOps.pause(POLL);
                }
                NodeOps.pause(TAIL);
            }
            return seen;
        }

        /** Stops the writers and the watch (once); a thread that does not end is named in the notes. */
        private void stopWritersAndWatch() {
            if (writersStopped) {
                return;
            }
            writersStopped = true;
            if (writers != null) {
                writers.stop();
                writers.stillRunning()
                        .forEach(name -> notes.add("writer thread " + name + " was still running after it was"
                                + " stopped and interrupted; the writers' figures may be incomplete"));
            }
            if (watch != null) {
                watch.close();
            }
        }

        private void stopProbe() {
            if (probeStopped || probe == null) {
                return;
            }
            probeStopped = true;
            if (!probe.stop()) {
                notes.add("the old-master probe thread was still running after it was stopped and interrupted;"
                        + " its counts may be incomplete");
            }
        }

        /** Milliseconds from the fault to the rejoin, or null when it did not happen in time. */
        private Long awaitRejoin(HostAndPort newMaster) {
            if (newMaster == null) {
                return null;
            }
            progress.step(run, "waiting for " + oldMaster + " to rejoin as a replica of " + newMaster);
            long deadline = nanoTime.getAsLong() + options.rejoinTimeout().toNanos();
            do {
                if (NodeOps.isConnectedReplicaOf(client, oldMaster, newMaster)) {
                    return TimeUnit.NANOSECONDS.toMillis(nanoTime.getAsLong() - faultNanos);
                }
                NodeOps.pause(REJOIN_POLL);
            } while (before(deadline));
            return null;
        }

        private boolean before(long deadlineNanos) {
            return nanoTime.getAsLong() - deadlineNanos < 0;
        }

        private static Long since(long faultAt, Long at) {
            return at == null ? null : Math.max(0, at - faultAt);
        }
    }
}
