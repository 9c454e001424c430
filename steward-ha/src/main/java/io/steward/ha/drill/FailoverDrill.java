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

    private FailoverDrill(StewardConfig config, FaultTarget faults, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.faults = Objects.requireNonNull(faults, "faults");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A drill of the deployment {@code config} describes.
     *
     * @param faults where the processes to kill or pause are found ({@link FaultTarget#localHome})
     * @param clock  the time every figure is measured with
     */
    public static FailoverDrill create(StewardConfig config, FaultTarget faults, Clock clock) {
        return new FailoverDrill(config, faults, clock);
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
            Locality.firstRemote(topology.dataNodes())
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

    /** One run: its state and steps, discarded afterwards. */
    private final class RunSteps {
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
        private boolean rejoinExpected = true;
        /** Set before SIGSTOP is sent, so that every way out of the run resumes the master. */
        private PausedNode paused;

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

        DrillRun run(String runPrefix) {
            progress.settling(run, options.runs());
            topology.awaitSettled(options.settleTimeout());
            HostAndPort oldMaster = topology.master();
            this.oldMaster = oldMaster;
            Optional<LocalNode> process = faults.process(oldMaster);
            refuseWhatCannotBeDone(oldMaster, process);
            DrillWriters writers = null;
            OldMasterProbe probe = null;
            DrillTopology.SwitchWatch watch = null;
            try {
                writers = DrillWriters.start(topology, clock, options, runPrefix);
                probe = OldMasterProbe.start(
                        probeClient, oldMaster, topology.keyServedBy(oldMaster, runPrefix + ":probe"), clock);
                Throughput throughput = measureThroughput(writers);
                watch = topology.watch(oldMaster);
                long faultAt = inject(oldMaster, process);
                this.faultAt = faultAt;
                progress.faultInjected(run, options.mode(), oldMaster, Instant.ofEpochMilli(faultAt));
                long deadline = faultAt + limits.runDeadlineMillis();
                DrillTopology.Observation seen = awaitSwitch(watch, deadline);
                resumePaused();
                if (seen.switchAt() != null) {
                    progress.step(run, "switched to " + seen.newMaster());
                    awaitWritersResumed(writers, seen.switchAt(), deadline);
                }
                writers.stop(Duration.ofSeconds(10));
                seen = watch.observed();
                notes.addAll(seen.notes());
                List<WriterResult> results = writers.results();
                List<String> acked =
                        results.stream().flatMap(w -> w.ackedKeys().stream()).toList();
                Long lost = null;
                if (seen.switchAt() == null) {
                    // the old master is down or frozen: there is no master to read the keys back from
                    notes.add("no switch: the acknowledged keys were not read back");
                } else {
                    progress.step(run, "reading " + acked.size() + " acknowledged keys back");
                    lost = topology.countMissing(acked);
                }
                Long rejoinMillis = seen.switchAt() == null ? null : awaitRejoin(oldMaster, seen.newMaster(), faultAt);
                probe.stop();
                long acceptedAfterSwitch = seen.switchAt() == null ? 0 : probe.acceptedSince(seen.switchAt());
                if (options.deleteKeys()) {
                    List<String> keys = new ArrayList<>(writers.triedKeys());
                    keys.addAll(probe.triedKeys());
                    topology.delete(keys);
                }
                long ackedWrites = acked.size();
                RunJudge.Judgement judgement = RunJudge.judge(
                        limits,
                        options.durable(),
                        rejoinExpected,
                        since(faultAt, seen.switchAt()),
                        writers.longestGapOverall(),
                        ackedWrites,
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
                        since(faultAt, seen.switchAt()),
                        writers.longestGapOverall(),
                        results,
                        ackedWrites,
                        lost,
                        acceptedAfterSwitch,
                        probe.refusals(),
                        rejoinMillis != null,
                        rejoinMillis,
                        throughput,
                        judgement.verdict(),
                        judgement.findings(),
                        notes);
            } finally {
                resumePaused();
                if (writers != null) {
                    writers.stop(Duration.ofSeconds(10));
                }
                if (probe != null) {
                    probe.stop();
                }
                if (watch != null) {
                    watch.close();
                }
            }
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

        private Throughput measureThroughput(DrillWriters writers) {
            Double plain = null;
            if (options.durable()) {
                writers.durable(false);
                plain = rate(writers);
                writers.durable(true);
            }
            return new Throughput(rate(writers), plain);
        }

        private double rate(DrillWriters writers) {
            long startAcked = writers.acked();
            long start = clock.millis();
            NodeOps.pause(options.throughputPhase());
            long elapsed = Math.max(1, clock.millis() - start);
            return (writers.acked() - startAcked) * 1000.0 / elapsed;
        }

        /**
         * Takes the master away; returns the fault's time in epoch milliseconds, taken immediately
         * before the signal or command in every mode.
         */
        private long inject(HostAndPort master, Optional<LocalNode> process) {
            long at = clock.millis();
            switch (options.mode()) {
                case KILL -> {
                    if (process.isPresent()) {
                        process.get().kill();
                        return at;
                    }
                    shutdownNoSave(master);
                    rejoinExpected = false;
                    notes.add("killed " + master + " with SHUTDOWN NOSAVE (not a local process): its service"
                            + " manager must restart it before it can rejoin");
                    return at;
                }
                case PAUSE -> {
                    paused = PausedNode.pause(process.orElseThrow());
                    return at;
                }
                case MANUAL -> {
                    topology.failOverManually(master);
                    return at;
                }
                default -> throw new IllegalStateException("unknown mode " + options.mode());
            }
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

        private DrillTopology.Observation awaitSwitch(DrillTopology.SwitchWatch watch, long deadline) {
            DrillTopology.Observation seen = watch.observed();
            while (seen.switchAt() == null && clock.millis() < deadline) {
                NodeOps.pause(POLL);
                seen = watch.observed();
            }
            return seen;
        }

        private void awaitWritersResumed(DrillWriters writers, long switchAt, long deadline) {
            while (!writers.allAckedSince(switchAt) && clock.millis() < deadline) {
                NodeOps.pause(POLL);
            }
            NodeOps.pause(TAIL);
        }

        /** Milliseconds from the fault to the rejoin, or null when it did not happen in time. */
        private Long awaitRejoin(HostAndPort oldMaster, HostAndPort newMaster, long faultAt) {
            if (newMaster == null) {
                return null;
            }
            progress.step(run, "waiting for " + oldMaster + " to rejoin as a replica of " + newMaster);
            long deadline = clock.millis() + options.rejoinTimeout().toMillis();
            do {
                if (topology.isConnectedReplicaOf(oldMaster, newMaster)) {
                    return clock.millis() - faultAt;
                }
                NodeOps.pause(Duration.ofMillis(200));
            } while (clock.millis() < deadline);
            return null;
        }

        private static Long since(long faultAt, Long at) {
            return at == null ? null : Math.max(0, at - faultAt);
        }
    }
}
