package io.steward.cli;

import io.steward.ha.drill.DrillLimits;
import io.steward.ha.drill.DrillLock;
import io.steward.ha.drill.DrillMode;
import io.steward.ha.drill.DrillOptions;
import io.steward.ha.drill.DrillProgress;
import io.steward.ha.drill.DrillReport;
import io.steward.ha.drill.DrillRun;
import io.steward.ha.drill.DrillSummary;
import io.steward.ha.drill.FailoverDrill;
import io.steward.ha.drill.FaultTarget;
import io.steward.ha.drill.WriterResult;
import io.steward.ops.config.StewardConfig;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code steward drill failover}: a measured failover under write load. */
@Command(
        name = "drill",
        description = "Measured drills against the deployment.",
        subcommands = {DrillCommand.Failover.class},
        footerHeading = "%nExamples:%n",
        footer = {
            "  ./steward drill failover                # kill the master once under load",
            "  ./steward drill failover --mode pause --runs 3",
            "  ./steward drill failover --durable --json  # acks wait for every replica"
        })
final class DrillCommand implements Callable<Integer> {

    @ParentCommand
    StewardCli root;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return StewardCli.showHelpForMissingSubcommand(spec);
    }

    @Command(
            name = "failover",
            description = "Take the master away under write load (kill, pause or a manual failover) and report"
                    + " detection, switch, write gap, lost acknowledged writes and rejoin; exit 0 pass, 1 warn,"
                    + " 2 fail.",
            footerHeading = "%nExamples:%n",
            footer = {
                "  ./steward drill failover --mode kill --runs 3 --writers 8",
                "  ./steward drill failover --mode manual --json",
                "  ./steward drill failover --durable   # acks wait for every replica",
                "  ./steward drill failover --mode manual --allow-remote  # other hosts"
            })
    static final class Failover implements Callable<Integer> {

        @ParentCommand
        DrillCommand parent;

        @Option(
                names = "--mode",
                paramLabel = "MODE",
                description = "kill (SIGKILL, default), pause (SIGSTOP until the switch) or manual (SENTINEL/CLUSTER"
                        + " FAILOVER)")
        String mode = DrillOptions.DEFAULT_MODE.id();

        @Option(names = "--runs", paramLabel = "N", description = "faults one after another (default 1, at most 100)")
        int runs = DrillOptions.DEFAULT_RUNS;

        @Option(
                names = "--writers",
                paramLabel = "N",
                description = "writer threads putting load on the master (default 4, at most 64)")
        int writers = DrillOptions.DEFAULT_WRITERS;

        @Option(
                names = "--durable",
                description = "a write counts as acknowledged only once WAIT confirms every replica online at the"
                        + " master has it, so the replica promoted has it too")
        boolean durable;

        @Option(
                names = "--allow-remote",
                description = "drill a deployment whose servers are not local processes (manual, or kill by"
                        + " SHUTDOWN NOSAVE)")
        boolean allowRemote;

        @Override
        public Integer call() {
            StewardCli root = parent.root;
            DrillOptions options = DrillOptions.builder()
                    .mode(DrillMode.parse(mode, "--mode"))
                    .runs(runs)
                    .writers(writers)
                    .durable(durable)
                    .allowRemote(allowRemote)
                    .build();
            StewardConfig config = root.loadConfig();
            PrintWriter err = root.spec.commandLine().getErr();
            DrillReport report;
            try (DrillLock lock = DrillLock.acquire(root.home())) {
                report = FailoverDrill.create(config, FaultTarget.localHome(root.home()), Clock.systemUTC())
                        .run(
                                options,
                                new LineProgress(
                                        err, !root.json && System.console() != null && System.getenv("CI") == null));
            }
            PrintWriter out = root.spec.commandLine().getOut();
            if (root.json) {
                Json.print(out, json(report));
            } else {
                printText(out, report);
            }
            return switch (report.verdict()) {
                case PASS -> ExitCodes.OK;
                case WARN -> ExitCodes.DEGRADED;
                case FAIL -> ExitCodes.FAILED;
            };
        }
    }

    /** One line per step on standard error, on a terminal only. */
    private record LineProgress(PrintWriter err, boolean enabled) implements DrillProgress {
        @Override
        public void settling(int run, int runs) {
            say("run " + run + "/" + runs + ": waiting for the deployment to settle");
        }

        @Override
        public void faultInjected(int run, DrillMode mode, io.steward.HostAndPort master, Instant at) {
            say("run " + run + ": " + mode.id() + " " + master);
        }

        @Override
        public void step(int run, String description) {
            say("run " + run + ": " + description);
        }

        private void say(String line) {
            if (enabled) {
                err.println(line);
                err.flush();
            }
        }
    }

    static Map<String, Object> json(DrillReport report) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("deployment", report.deployment());
        json.put("topology", report.topology().id());
        json.put("mode", report.options().mode().id());
        json.put("durable", report.options().durable());
        json.put("writers", report.options().writers());
        json.put("startedAt", report.startedAt().toString());
        json.put("finishedAt", report.finishedAt().toString());
        json.put("limits", limits(report.limits()));
        json.put("runs", report.runs().stream().map(DrillCommand::run).toList());
        json.put("summary", summary(report.summary()));
        json.put("verdict", report.verdict().id());
        return json;
    }

    private static Map<String, Object> limits(DrillLimits limits) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("detectMillis", limits.detectMillis());
        json.put("failoverTimeoutMillis", limits.failoverTimeoutMillis());
        json.put("switchPassMillis", limits.switchPassMillis());
        json.put("switchWarnMillis", limits.switchWarnMillis());
        json.put("gapMarginMillis", limits.gapMarginMillis());
        json.put("runDeadlineMillis", limits.runDeadlineMillis());
        return json;
    }

    private static Map<String, Object> run(DrillRun run) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("run", run.run());
        json.put("mode", run.mode().id());
        json.put("durable", run.durable());
        json.put("oldMaster", run.oldMaster() == null ? null : run.oldMaster().toString());
        json.put("newMaster", run.newMaster() == null ? null : run.newMaster().toString());
        json.put("faultAt", run.faultAt() == null ? null : run.faultAt().toString());
        json.put("sdownMillis", run.sdownMillis());
        json.put("odownMillis", run.odownMillis());
        json.put("switchMillis", run.switchMillis());
        json.put("writeGapMillis", run.writeGapMillis());
        json.put("writers", run.writers().stream().map(DrillCommand::writer).toList());
        json.put("ackedWrites", run.ackedWrites());
        json.put("lostAckedWrites", run.lostAckedWrites());
        json.put("oldMasterAcceptedAfterSwitch", run.oldMasterAcceptedAfterSwitch());
        json.put("oldMasterRefusals", new java.util.TreeMap<>(run.oldMasterRefusals()));
        json.put("oldMasterRejoined", run.oldMasterRejoined());
        json.put("rejoinMillis", run.rejoinMillis());
        Map<String, Object> throughput = new LinkedHashMap<>();
        throughput.put("ackedPerSecond", round(run.throughput().ackedPerSecond()));
        throughput.put("plainAckedPerSecond", round(run.throughput().plainAckedPerSecond()));
        throughput.put("durableRatio", round(run.throughput().durableRatio()));
        json.put("throughput", throughput);
        json.put("verdict", run.verdict().id());
        json.put("findings", run.findings());
        json.put("notes", run.notes());
        return json;
    }

    private static Map<String, Object> writer(WriterResult writer) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("writer", writer.writer());
        json.put("ackedWrites", writer.ackedWrites());
        json.put("failedAttempts", writer.failedAttempts());
        json.put("writeGapMillis", writer.writeGapMillis());
        json.put("errors", new java.util.TreeMap<>(writer.errors()));
        return json;
    }

    private static Map<String, Object> summary(DrillSummary summary) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("runs", summary.runs());
        json.put("sdownMillis", stat(summary.sdownMillis()));
        json.put("odownMillis", stat(summary.odownMillis()));
        json.put("switchMillis", stat(summary.switchMillis()));
        json.put("writeGapMillis", stat(summary.writeGapMillis()));
        json.put("ackedWrites", stat(summary.ackedWrites()));
        json.put("lostAckedWrites", stat(summary.lostAckedWrites()));
        json.put("oldMasterAcceptedAfterSwitch", stat(summary.oldMasterAcceptedAfterSwitch()));
        json.put("oldMasterRejoined", summary.oldMasterRejoined());
        json.put("runsRejoined", summary.runsRejoined());
        Map<String, Object> throughput = new LinkedHashMap<>();
        throughput.put("ackedPerSecond", statD(summary.ackedPerSecond()));
        throughput.put("durableRatio", statD(summary.durableRatio()));
        json.put("throughput", throughput);
        json.put("verdict", summary.verdict().id());
        return json;
    }

    private static Map<String, Object> stat(DrillSummary.Stat stat) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("median", stat.median());
        json.put("max", stat.max());
        return json;
    }

    private static Map<String, Object> statD(DrillSummary.StatD stat) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("median", round(stat.median()));
        json.put("max", round(stat.max()));
        return json;
    }

    private static Double round(Double value) {
        return value == null ? null : Math.round(value * 1000) / 1000.0;
    }

    private static void printText(PrintWriter out, DrillReport report) {
        out.printf(
                "Failover drill of %s (%s), mode %s%s, %d writers%n",
                report.deployment(),
                report.topology().id(),
                report.options().mode().id(),
                report.options().durable() ? ", durable" : "",
                report.options().writers());
        for (DrillRun run : report.runs()) {
            out.printf(
                    "run %d: %s -> %s  sdown %s  odown %s  switch %s  write gap %d ms%n",
                    run.run(),
                    run.oldMaster() == null ? "-" : run.oldMaster(),
                    run.newMaster() == null ? "(no switch)" : run.newMaster(),
                    millis(run.sdownMillis()),
                    millis(run.odownMillis()),
                    millis(run.switchMillis()),
                    run.writeGapMillis());
            out.printf(
                    "       acked %d, lost %s, old master accepted after switch %d%s, rejoined %s, %.0f writes/s%s"
                            + "  %s%n",
                    run.ackedWrites(),
                    run.lostAckedWrites() == null ? "-" : run.lostAckedWrites().toString(),
                    run.oldMasterAcceptedAfterSwitch(),
                    run.oldMasterRefusals().isEmpty() ? "" : " (refused: " + run.oldMasterRefusals() + ")",
                    run.oldMasterRejoined() ? millis(run.rejoinMillis()) : "no",
                    run.throughput().ackedPerSecond(),
                    run.throughput().durableRatio() == null
                            ? ""
                            : String.format(
                                    Locale.ROOT,
                                    " (%.2f x plain)",
                                    run.throughput().durableRatio()),
                    run.verdict().id().toUpperCase(Locale.ROOT));
            for (String finding : run.findings()) {
                out.println("       - " + finding);
            }
            for (String note : run.notes()) {
                out.println("       note: " + note);
            }
        }
        DrillSummary s = report.summary();
        out.printf(
                "summary over %d runs: switch median %s max %s, write gap median %s max %s, lost acked max %s,"
                        + " rejoined %d/%d%n",
                s.runs(),
                millis(s.switchMillis().median()),
                millis(s.switchMillis().max()),
                millis(s.writeGapMillis().median()),
                millis(s.writeGapMillis().max()),
                s.lostAckedWrites().max(),
                s.runsRejoined(),
                s.runs());
        out.printf(
                "limits: switch within %d ms passes (detection %d ms); gap within switch + %d ms%n",
                report.limits().switchPassMillis(),
                report.limits().detectMillis(),
                report.limits().gapMarginMillis());
        out.println("verdict: " + report.verdict().id().toUpperCase(Locale.ROOT));
    }

    private static String millis(Long value) {
        return value == null ? "-" : value + " ms";
    }
}
