package io.steward.cli;

import io.steward.ConfigException;
import io.steward.HostAndPort;
import io.steward.client.StewardClient;
import io.steward.ha.sentinel.FailoverResult;
import io.steward.ha.sentinel.Finding;
import io.steward.ha.sentinel.ReplicaView;
import io.steward.ha.sentinel.ResetReport;
import io.steward.ha.sentinel.SentinelAdmin;
import io.steward.ha.sentinel.SentinelReply;
import io.steward.ha.sentinel.SentinelStatus;
import io.steward.ha.sentinel.SentinelView;
import io.steward.ha.sentinel.StaleEntry;
import io.steward.ha.sentinel.ValidationReport;
import io.steward.ops.config.StewardConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code steward sentinel status|masters|replicas|validate|failover|reset}. Every subcommand reads the
 * deployment's Sentinels through {@link SentinelAdmin}; a deployment not in Sentinel mode is refused with a
 * usage error naming {@code topology.mode}.
 */
@Command(
        name = "sentinel",
        description = "Sentinel administration: status, checks, failover, stale entries.",
        subcommands = {
            SentinelCommand.Status.class,
            SentinelCommand.Masters.class,
            SentinelCommand.Replicas.class,
            SentinelCommand.Validate.class,
            SentinelCommand.Failover.class,
            SentinelCommand.Reset.class
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  ./steward sentinel status            # every Sentinel's view; exit 0, 1 or 2",
            "  ./steward sentinel validate          # safe-practice checks with fixes",
            "  ./steward sentinel failover --confirm --timeout 90s",
            "  ./steward sentinel reset --confirm   # clear stale replica entries"
        })
final class SentinelCommand implements Callable<Integer> {

    @ParentCommand
    StewardCli root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return StewardCli.showHelpForMissingSubcommand(spec);
    }

    /** Runs {@code work} with an engine for the deployment, closing its client afterwards. */
    <T> T withAdmin(Function<SentinelAdmin, T> work) {
        StewardConfig config = root.loadConfig();
        SentinelAdmin.requireSentinelMode(config);
        try (StewardClient client =
                StewardClient.createForNodes(config.clientOptions().build())) {
            return work.apply(SentinelAdmin.of(config, client));
        }
    }

    PrintWriter out() {
        return root.spec.commandLine().getOut();
    }

    static int exitCode(Finding.Severity worst) {
        return switch (worst) {
            case INFO -> ExitCodes.OK;
            case WARNING -> ExitCodes.DEGRADED;
            case ERROR -> ExitCodes.FAILED;
        };
    }

    @Command(
            name = "status",
            description = "Each Sentinel's view of the master, agreement, CKQUORUM, replicas with lag, stale entries;"
                    + " exit 0 ok, 1 warnings, 2 errors.",
            footerHeading = "%nExamples:%n",
            footer = {"  ./steward sentinel status", "  ./steward --json sentinel status"})
    static final class Status implements Callable<Integer> {
        @ParentCommand
        SentinelCommand parent;

        @Override
        public Integer call() {
            SentinelStatus status = parent.withAdmin(SentinelAdmin::status);
            if (parent.root.json) {
                Json.print(parent.out(), SentinelJson.status(status));
            } else {
                SentinelText.status(parent.out(), status);
            }
            return exitCode(status.worst());
        }
    }

    @Command(
            name = "masters",
            description = "What each Sentinel answers to SENTINEL MASTERS; exit 1 when one cannot be reached.",
            footerHeading = "%nExamples:%n",
            footer = {"  ./steward --json sentinel masters"})
    static final class Masters implements Callable<Integer> {
        @ParentCommand
        SentinelCommand parent;

        @Override
        public Integer call() {
            return parent.printReplies(parent.withAdmin(SentinelAdmin::masters), "name");
        }
    }

    @Command(
            name = "replicas",
            description = "What each Sentinel answers to SENTINEL REPLICAS; exit 1 when one cannot be reached.",
            footerHeading = "%nExamples:%n",
            footer = {"  ./steward sentinel replicas"})
    static final class Replicas implements Callable<Integer> {
        @ParentCommand
        SentinelCommand parent;

        @Override
        public Integer call() {
            return parent.printReplies(parent.withAdmin(SentinelAdmin::replicas), "ip");
        }
    }

    int printReplies(List<SentinelReply> replies, String lead) {
        if (root.json) {
            Json.print(
                    out(),
                    Map.of(
                            "sentinels",
                            replies.stream().map(SentinelJson::reply).toList()));
        } else {
            SentinelText.replies(out(), replies, lead);
        }
        long unreachable = replies.stream().filter(r -> !r.isReachable()).count();
        return unreachable == 0 ? ExitCodes.OK : unreachable == replies.size() ? ExitCodes.FAILED : ExitCodes.DEGRADED;
    }

    @Command(
            name = "validate",
            description = "Check the Sentinels against safe practice and explain each finding with its fix;"
                    + " exit 0 ok, 1 warnings, 2 errors.",
            footerHeading = "%nExamples:%n",
            footer = {"  ./steward sentinel validate", "  ./steward --json sentinel validate"})
    static final class Validate implements Callable<Integer> {
        @ParentCommand
        SentinelCommand parent;

        @Override
        public Integer call() {
            ValidationReport report = parent.withAdmin(SentinelAdmin::validate);
            if (parent.root.json) {
                Json.print(parent.out(), SentinelJson.validation(report));
            } else {
                SentinelText.findings(parent.out(), report.findings(), true);
                parent.out().printf("%nverdict: %s%n", SentinelJson.verdict(report.worst()));
            }
            return exitCode(report.worst());
        }
    }

    @Command(
            name = "failover",
            description = "SENTINEL FAILOVER, then wait until the new master and every Sentinel confirm it;"
                    + " without --confirm print the plan, change nothing and exit 1; exit 2 when not confirmed"
                    + " in time.",
            footerHeading = "%nExamples:%n",
            footer = {
                "  ./steward sentinel failover              # the plan only",
                "  ./steward sentinel failover --confirm",
                "  ./steward --json sentinel failover --confirm --timeout 2m"
            })
    static final class Failover implements Callable<Integer> {
        @ParentCommand
        SentinelCommand parent;

        @Option(names = "--confirm", description = "start the failover (without it: print the plan only)")
        boolean confirm;

        @Option(
                names = "--timeout",
                paramLabel = "DURATION",
                description = "how long to wait for the confirmation, such as 60s or 2m (default 60s)")
        String timeout = "60s";

        @Override
        public Integer call() {
            Duration wait = parseDuration(timeout, "--timeout");
            if (!confirm) {
                SentinelStatus status = parent.withAdmin(SentinelAdmin::status);
                List<ReplicaView> candidates = status.replicas().stream()
                        .filter(ReplicaView::connected)
                        .toList();
                if (parent.root.json) {
                    Map<String, Object> plan = new LinkedHashMap<>();
                    plan.put("confirmed", false);
                    plan.put("master", String.valueOf(status.master()));
                    plan.put("sentinelsAgree", status.agreed());
                    plan.put(
                            "candidates",
                            candidates.stream().map(ReplicaView::address).toList());
                    Json.print(parent.out(), plan);
                } else {
                    parent.out()
                            .printf(
                                    "Would ask a Sentinel to fail '%s' over from %s to one of %d connected replica(s)"
                                            + " %s%s.%nNothing was changed. Re-run with --confirm to start it.%n",
                                    status.masterName(),
                                    status.master(),
                                    candidates.size(),
                                    candidates.stream()
                                            .map(ReplicaView::address)
                                            .toList(),
                                    status.agreed() ? "" : " (the Sentinels do not agree on the master now)");
                }
                return ExitCodes.DEGRADED;
            }
            FailoverResult result = parent.withAdmin(admin -> admin.failover(wait));
            if (parent.root.json) {
                Json.print(parent.out(), SentinelJson.failover(result));
            } else {
                SentinelText.failover(parent.out(), result);
            }
            return result.completed() ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }

    @Command(
            name = "reset",
            description = "Clear stale replica entries with SENTINEL RESET, one Sentinel at a time; without"
                    + " --confirm print the plan, change nothing and exit 1 when there is something to do.",
            footerHeading = "%nExamples:%n",
            footer = {"  ./steward sentinel reset             # the plan only", "  ./steward sentinel reset --confirm"})
    static final class Reset implements Callable<Integer> {
        @ParentCommand
        SentinelCommand parent;

        @Option(names = "--confirm", description = "reset the Sentinels listing stale entries")
        boolean confirm;

        @Option(
                names = "--forget-down",
                description = "also forget replicas that are down and not replicating; only for nodes gone for good"
                        + " (a forgotten node that comes back is a second master)")
        boolean forgetDown;

        @Option(
                names = "--timeout",
                paramLabel = "DURATION",
                description = "how long each Sentinel may take to rediscover replicas and Sentinels (default 30s)")
        String timeout = "30s";

        @Override
        public Integer call() {
            Duration wait = parseDuration(timeout, "--timeout");
            ResetReport report = parent.withAdmin(admin -> admin.reset(confirm, forgetDown, wait));
            if (parent.root.json) {
                Json.print(parent.out(), SentinelJson.reset(report));
            } else {
                SentinelText.reset(parent.out(), report);
            }
            if (report.targets().isEmpty()) {
                return ExitCodes.OK;
            }
            if (!report.confirmed()) {
                return ExitCodes.DEGRADED;
            }
            return report.succeeded() ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m)?");

    /**
     * {@code 500ms}, {@code 30s}, {@code 2m}, or a bare number of seconds.
     *
     * @throws ConfigException naming {@code option} when the text is none of these, or zero
     */
    static Duration parseDuration(String text, String option) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new ConfigException(option, "'" + text + "' is not a duration; use e.g. 500ms, 30s or 2m");
        }
        long n = Long.parseLong(m.group(1));
        Duration d =
                switch (m.group(2) == null ? "s" : m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofSeconds(n);
                };
        if (d.isZero()) {
            throw new ConfigException(option, "must be more than 0, was '" + text + "'");
        }
        return d;
    }

    /** The JSON of each result: explicit maps, so the schema is what this class writes. */
    static final class SentinelJson {
        private SentinelJson() {}

        static String verdict(Finding.Severity worst) {
            return switch (worst) {
                case INFO -> "ok";
                case WARNING -> "warning";
                case ERROR -> "error";
            };
        }

        static Map<String, Object> status(SentinelStatus s) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("verdict", verdict(s.worst()));
            json.put("at", s.at().toString());
            json.put("masterName", s.masterName());
            json.put("master", str(s.master()));
            json.put("agreed", s.agreed());
            json.put("quorumOk", s.quorumOk());
            json.put("sentinels", s.sentinels().stream().map(SentinelJson::view).toList());
            json.put(
                    "replicas", s.replicas().stream().map(SentinelJson::replica).toList());
            json.put("stale", s.stale().stream().map(SentinelJson::stale).toList());
            json.put(
                    "findings", s.findings().stream().map(SentinelJson::finding).toList());
            return json;
        }

        static Map<String, Object> view(SentinelView v) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("sentinel", v.sentinel().toString());
            json.put("reachable", v.error() == null);
            json.put("error", v.error());
            json.put("master", str(v.master()));
            json.put("configEpoch", v.configEpoch());
            json.put("flags", v.flags());
            json.put("tilt", v.tilt());
            json.put("lastOkPingMillis", v.lastOkPingMillis());
            json.put("quorum", v.quorum());
            json.put("knownSentinels", v.knownSentinels());
            json.put("ckquorumOk", v.quorumOk());
            json.put("ckquorum", v.quorumReply());
            return json;
        }

        static Map<String, Object> replica(ReplicaView r) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("address", r.address());
            json.put("connected", r.connected());
            json.put("state", r.state());
            json.put("linkStatus", r.linkStatus());
            json.put("flags", r.flags());
            json.put("offsetLagBytes", r.offsetLagBytes());
            json.put("lagSeconds", r.lagSeconds());
            json.put("priority", r.priority());
            json.put(
                    "listedBy", r.listedBy().stream().map(HostAndPort::toString).toList());
            return json;
        }

        static Map<String, Object> stale(StaleEntry e) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("sentinel", e.sentinel().toString());
            json.put("address", e.address());
            json.put("reason", e.reason());
            return json;
        }

        static Map<String, Object> finding(Finding f) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("check", f.check());
            json.put("severity", f.severity().name().toLowerCase(Locale.ROOT));
            json.put("detail", f.detail());
            json.put("fix", f.fix());
            return json;
        }

        static Map<String, Object> reply(SentinelReply r) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("sentinel", r.sentinel().toString());
            json.put("reachable", r.isReachable());
            json.put("error", r.error());
            json.put("entries", r.entries());
            return json;
        }

        static Map<String, Object> validation(ValidationReport report) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("verdict", verdict(report.worst()));
            json.put("at", report.at().toString());
            json.put(
                    "findings",
                    report.findings().stream().map(SentinelJson::finding).toList());
            return json;
        }

        static Map<String, Object> failover(FailoverResult r) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("completed", r.completed());
            json.put("oldMaster", r.oldMaster().toString());
            json.put("newMaster", str(r.newMaster()));
            json.put("millis", r.millis());
            json.put("askedVia", str(r.askedVia()));
            Map<String, String> seen = new LinkedHashMap<>();
            r.lastSeen().entrySet().stream()
                    .sorted(Map.Entry.comparingByKey((a, b) -> a.toString().compareTo(b.toString())))
                    .forEach(e -> seen.put(e.getKey().toString(), e.getValue()));
            json.put("sentinels", seen);
            json.put("error", r.error());
            return json;
        }

        static Map<String, Object> reset(ResetReport r) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("confirmed", r.confirmed());
            json.put("succeeded", r.confirmed() && r.succeeded());
            json.put("stale", r.stale().stream().map(SentinelJson::stale).toList());
            json.put("targets", r.targets().stream().map(HostAndPort::toString).toList());
            json.put(
                    "steps",
                    r.steps().stream()
                            .map(step -> {
                                Map<String, Object> s = new LinkedHashMap<>();
                                s.put("sentinel", step.sentinel().toString());
                                s.put("recovered", step.recovered());
                                s.put("millis", step.millis());
                                s.put("detail", step.detail());
                                return s;
                            })
                            .toList());
            return json;
        }

        private static String str(Object o) {
            return o == null ? null : o.toString();
        }
    }

    /** The text rendering of each result. */
    static final class SentinelText {
        private SentinelText() {}

        static void status(PrintWriter out, SentinelStatus s) {
            out.printf(
                    "master '%s': %s (%s, CKQUORUM %s)%n",
                    s.masterName(),
                    s.master() == null ? "unknown" : s.master(),
                    s.agreed() ? "all Sentinels agree" : "Sentinels DISAGREE or are missing",
                    s.quorumOk() ? "ok" : "FAILS");
            out.println();
            out.printf(
                    "  %-21s %-21s %5s %-22s %4s %9s %6s %s%n",
                    "SENTINEL", "MASTER", "EPOCH", "FLAGS", "TILT", "LAST-PING", "QUORUM", "KNOWS");
            for (SentinelView v : s.sentinels()) {
                if (v.error() != null) {
                    out.printf("  %-21s %s%n", v.sentinel(), "ERROR " + v.error());
                    continue;
                }
                out.printf(
                        "  %-21s %-21s %5d %-22s %4s %7dms %6s %d sentinels%n",
                        v.sentinel(),
                        v.master(),
                        v.configEpoch(),
                        v.flags(),
                        v.tilt() ? "YES" : "no",
                        v.lastOkPingMillis(),
                        v.quorum() + (v.quorumOk() ? " ok" : " !!"),
                        v.knownSentinels());
            }
            out.println();
            out.printf(
                    "  %-21s %-10s %-5s %-12s %12s %8s %8s %s%n",
                    "REPLICA", "STATE", "LINK", "CONNECTED", "LAG-BYTES", "LAG-S", "PRIORITY", "FLAGS");
            for (ReplicaView r : s.replicas()) {
                out.printf(
                        "  %-21s %-10s %-5s %-12s %12s %8s %8s %s%n",
                        r.address(),
                        r.state(),
                        r.linkStatus(),
                        r.connected() ? "yes" : "NO",
                        known(r.offsetLagBytes()),
                        known(r.lagSeconds()),
                        known(r.priority()),
                        r.flags());
            }
            if (!s.findings().isEmpty()) {
                out.println();
                findings(out, s.findings(), false);
            }
            out.printf("%nverdict: %s%n", SentinelJson.verdict(s.worst()));
        }

        static void findings(PrintWriter out, List<Finding> findings, boolean withPassed) {
            for (Finding f : findings) {
                if (!withPassed && f.severity() == Finding.Severity.INFO) {
                    continue;
                }
                String badge =
                        switch (f.severity()) {
                            case INFO -> "ok";
                            case WARNING -> "WARN";
                            case ERROR -> "ERROR";
                        };
                out.printf("  %-6s %-22s %s%n", badge, f.check(), f.detail());
                if (!f.fix().isEmpty()) {
                    out.printf("  %-6s %-22s fix: %s%n", "", "", f.fix());
                }
            }
        }

        static void replies(PrintWriter out, List<SentinelReply> replies, String lead) {
            for (SentinelReply r : replies) {
                out.println("sentinel " + r.sentinel());
                if (!r.isReachable()) {
                    out.println("  ERROR " + r.error());
                    continue;
                }
                if (r.entries().isEmpty()) {
                    out.println("  (none)");
                }
                for (Map<String, String> entry : r.entries()) {
                    String head = "ip".equals(lead)
                            ? entry.getOrDefault("ip", "?") + ":" + entry.getOrDefault("port", "?")
                            : entry.getOrDefault(lead, "?");
                    out.printf("  %-21s flags=%s%n", head, entry.getOrDefault("flags", ""));
                    entry.entrySet().stream()
                            .sorted(Map.Entry.comparingByKey())
                            .forEach(e -> out.printf("    %-28s %s%n", e.getKey(), e.getValue()));
                }
            }
        }

        static void failover(PrintWriter out, FailoverResult r) {
            if (r.completed()) {
                out.printf(
                        "Failover done in %d ms: master %s -> %s (asked %s; every Sentinel agrees).%n",
                        r.millis(), r.oldMaster(), r.newMaster(), r.askedVia());
                return;
            }
            out.printf(
                    "Failover NOT confirmed after %d ms (old master %s): %s%n", r.millis(), r.oldMaster(), r.error());
            r.lastSeen().forEach((s, named) -> out.printf("  sentinel %-21s names %s%n", s, named));
        }

        static void reset(PrintWriter out, ResetReport r) {
            if (r.stale().isEmpty()) {
                out.println("No stale replica entries: nothing to reset.");
                return;
            }
            out.println("Stale replica entries:");
            for (StaleEntry e : r.stale()) {
                out.printf("  %-21s on sentinel %s: %s%n", e.address(), e.sentinel(), e.reason());
            }
            if (!r.confirmed()) {
                out.println("Would reset, one at a time: "
                        + String.join(
                                ", ",
                                r.targets().stream().map(HostAndPort::toString).toList()));
                out.println("Nothing was changed. Re-run with --confirm to reset them.");
                return;
            }
            for (ResetReport.Step step : r.steps()) {
                out.printf(
                        "  reset %-21s %s in %d ms: %s%n",
                        step.sentinel(),
                        step.recovered() ? "recovered" : "NOT recovered",
                        step.millis(),
                        step.detail());
            }
            out.println(r.succeeded() ? "Done." : "Stopped: a Sentinel did not recover; the rest were not reset.");
        }

        private static String known(long value) {
            return value < 0 ? "-" : String.valueOf(value);
        }
    }
}
