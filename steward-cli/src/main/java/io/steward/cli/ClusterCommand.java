package io.steward.cli;

import io.steward.ConfigException;
import io.steward.HostAndPort;
import io.steward.client.StewardClient;
import io.steward.ha.cluster.ClusterAdmin;
import io.steward.ha.cluster.ClusterChange;
import io.steward.ha.cluster.ClusterCheck;
import io.steward.ha.cluster.ClusterFinding;
import io.steward.ha.cluster.FixReport;
import io.steward.ha.cluster.OversizedKey;
import io.steward.ha.cluster.RebalanceOptions;
import io.steward.ha.cluster.RebalancePlan;
import io.steward.ha.cluster.RebalanceProgress;
import io.steward.ha.cluster.SlotMove;
import io.steward.ops.config.StewardConfig;
import io.steward.ops.health.Severity;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code steward cluster create|check|add-node|remove-node|rebalance|failover|fix}. Commands that
 * move slots or change roles of a serving cluster (rebalance, fix, remove-node, failover) print what
 * they would do and exit 1 unless given {@code --confirm}; create and add-node only touch empty nodes.
 */
@Command(
        name = "cluster",
        description = "Redis Cluster administration: check, fix, rebalance, add and remove nodes, failover.",
        subcommands = {
            ClusterCommand.Create.class,
            ClusterCommand.Check.class,
            ClusterCommand.AddNode.class,
            ClusterCommand.RemoveNode.class,
            ClusterCommand.Rebalance.class,
            ClusterCommand.Failover.class,
            ClusterCommand.Fix.class
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  ./steward cluster check                 # exit 0 ok, 1 warnings, 2 critical",
            "  ./steward cluster rebalance --by slots  # the plan; --confirm moves slots",
            "  ./steward cluster fix --confirm         # finish open, assign uncovered slots"
        })
final class ClusterCommand implements Callable<Integer> {

    @ParentCommand
    StewardCli root;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return StewardCli.showHelpForMissingSubcommand(spec);
    }

    /** Runs {@code action} with an admin over the configured deployment. */
    static <T> T withAdmin(StewardCli root, Function<ClusterAdmin, T> action) {
        StewardConfig config = root.loadConfig();
        try (StewardClient client =
                        StewardClient.createForNodes(config.clientOptions().build());
                ClusterAdmin admin = ClusterAdmin.create(config, client, Clock.systemUTC())) {
            return action.apply(admin);
        }
    }

    static HostAndPort endpoint(String text, String what) {
        try {
            return HostAndPort.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(what, "'" + text + "' is not HOST:PORT (" + e.getMessage() + ")");
        }
    }

    /** The options that move slots, shared by rebalance, fix and remove-node. */
    static final class MoveOptions {
        @Option(
                names = "--pipeline",
                paramLabel = "N",
                description = "keys per MIGRATE batch (default " + RebalanceOptions.DEFAULT_PIPELINE + ")")
        int pipeline = RebalanceOptions.DEFAULT_PIPELINE;

        @Option(
                names = "--pause-ms",
                paramLabel = "MS",
                description = "pause after each batch, the throttle (default 10)")
        long pauseMs = RebalanceOptions.DEFAULT_PAUSE.toMillis();

        @Option(
                names = "--timeout-ms",
                paramLabel = "MS",
                description = "MIGRATE timeout; keys that take longer are listed, not moved (default 10000)")
        long timeoutMs = RebalanceOptions.DEFAULT_MIGRATE_TIMEOUT.toMillis();

        RebalanceOptions.Builder builder() {
            return RebalanceOptions.builder()
                    .pipeline(pipeline)
                    .pause(Duration.ofMillis(pauseMs))
                    .migrateTimeout(Duration.ofMillis(timeoutMs));
        }
    }

    @Command(
            name = "check",
            description = "Compare every node's view: slot owners agree, 16384 slots covered, no open slots,"
                    + " each master has a replica on another host. Exit 0 ok, 1 warnings, 2 critical.",
            footerHeading = "%nExamples:%n",
            footer = {"  ./steward cluster check", "  ./steward --json cluster check"})
    static final class Check implements Callable<Integer> {
        @ParentCommand
        ClusterCommand parent;

        @Override
        public Integer call() {
            StewardCli root = parent.root;
            ClusterCheck check = withAdmin(root, ClusterAdmin::check);
            PrintWriter out = root.spec.commandLine().getOut();
            if (root.json) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("verdict", verdict(check.verdict()));
                json.put(
                        "nodes",
                        check.nodes().stream().map(HostAndPort::toString).toList());
                json.put(
                        "findings",
                        check.findings().stream().map(ClusterCommand::finding).toList());
                Json.print(out, json);
            } else {
                for (ClusterFinding f : check.findings()) {
                    out.printf("  %-5s %-18s %-16s %s%n", badge(f.severity()), f.name(), f.target(), f.detail());
                    if (!f.fix().isEmpty()) {
                        out.printf("        fix: %s%n", f.fix());
                    }
                }
                out.printf(
                        "%nverdict: %s (%d nodes)%n",
                        verdict(check.verdict()).toUpperCase(Locale.ROOT),
                        check.nodes().size());
            }
            return exitCode(check.verdict());
        }
    }

    @Command(
            name = "create",
            description = "Form a cluster from empty cluster-enabled nodes: masters first, then replicas round-robin.",
            footerHeading = "%nExamples:%n",
            footer = {
                "  ./steward cluster create h1:6379 h2:6379 h3:6379 --replicas 0",
                "  ./steward cluster create   # topology.nodes, one replica per master"
            })
    static final class Create implements Callable<Integer> {
        @ParentCommand
        ClusterCommand parent;

        @Parameters(
                paramLabel = "HOST:PORT",
                arity = "0..*",
                description = "the nodes, masters first (default: topology.nodes of steward.yaml)")
        List<String> nodes = new ArrayList<>();

        @Option(names = "--replicas", paramLabel = "N", description = "replicas per master (default 1)")
        int replicas = 1;

        @Override
        public Integer call() {
            StewardCli root = parent.root;
            ClusterChange change = withAdmin(
                    root,
                    admin -> admin.createCluster(
                            nodes.isEmpty()
                                    ? root.loadConfig().topology().nodes()
                                    : nodes.stream()
                                            .map(n -> endpoint(n, "HOST:PORT"))
                                            .toList(),
                            replicas));
            printChange(root, change);
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "add-node",
            description = "Add an empty cluster-enabled node as a master without slots, or as a replica.",
            footerHeading = "%nExamples:%n",
            footer = {
                "  ./steward cluster add-node 127.0.0.1:7006      # a master; then rebalance",
                "  ./steward cluster add-node 127.0.0.1:7007 --replica-of 127.0.0.1:7006"
            })
    static final class AddNode implements Callable<Integer> {
        @ParentCommand
        ClusterCommand parent;

        @Parameters(paramLabel = "HOST:PORT", description = "the new node")
        String node;

        @Option(names = "--replica-of", paramLabel = "ID|HOST:PORT", description = "make it a replica of this master")
        String replicaOf;

        @Override
        public Integer call() {
            HostAndPort endpoint = endpoint(node, "HOST:PORT");
            ClusterChange change = withAdmin(parent.root, admin -> admin.addNode(endpoint, replicaOf));
            printChange(parent.root, change);
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "remove-node",
            description = "Remove a node: its replicas follow another master, every node forgets it."
                    + " Refuses a master serving slots unless --drain. Needs --confirm.",
            footerHeading = "%nExamples:%n",
            footer = {
                "  ./steward cluster remove-node 127.0.0.1:7005 --confirm",
                "  ./steward cluster remove-node 127.0.0.1:7006 --drain --shutdown --confirm"
            })
    static final class RemoveNode implements Callable<Integer> {
        @ParentCommand
        ClusterCommand parent;

        @Parameters(paramLabel = "HOST:PORT", description = "the node to remove")
        String node;

        @Option(names = "--drain", description = "first move a master's slots to the other masters")
        boolean drain;

        @Option(names = "--shutdown", description = "shut the node down once removed")
        boolean shutdown;

        @Option(names = "--confirm", description = "make the change (without it: print the steps, exit 1)")
        boolean confirm;

        @Mixin
        MoveOptions move;

        @Override
        public Integer call() {
            HostAndPort endpoint = endpoint(node, "HOST:PORT");
            RebalanceOptions options = move.builder().build();
            ClusterChange change =
                    withAdmin(parent.root, admin -> admin.removeNode(endpoint, drain, shutdown, confirm, options));
            printChange(parent.root, change);
            return confirm ? ExitCodes.OK : ExitCodes.DEGRADED;
        }
    }

    @Command(
            name = "failover",
            description = "Run CLUSTER FAILOVER on a replica and wait until every node sees the roles swapped."
                    + " Needs --confirm.",
            footerHeading = "%nExamples:%n",
            footer = {"  ./steward cluster failover 127.0.0.1:7003 --confirm"})
    static final class Failover implements Callable<Integer> {
        @ParentCommand
        ClusterCommand parent;

        @Parameters(paramLabel = "HOST:PORT", description = "the replica to promote")
        String replica;

        @Option(names = "--confirm", description = "make the change (without it: print the steps, exit 1)")
        boolean confirm;

        @Override
        public Integer call() {
            HostAndPort endpoint = endpoint(replica, "HOST:PORT");
            ClusterChange change = withAdmin(parent.root, admin -> admin.failover(endpoint, confirm));
            printChange(parent.root, change);
            return confirm ? ExitCodes.OK : ExitCodes.DEGRADED;
        }
    }

    @Command(
            name = "fix",
            description = "Finish or close open (importing/migrating) slots and assign uncovered slots."
                    + " Needs --confirm.",
            footerHeading = "%nExamples:%n",
            footer = {"  ./steward cluster fix              # what it would do", "  ./steward cluster fix --confirm"})
    static final class Fix implements Callable<Integer> {
        @ParentCommand
        ClusterCommand parent;

        @Option(names = "--confirm", description = "make the repairs (without it: print them, exit 1 if any)")
        boolean confirm;

        @Mixin
        MoveOptions move;

        @Override
        public Integer call() {
            RebalanceOptions options = move.builder().build();
            FixReport report = withAdmin(parent.root, admin -> admin.fix(confirm, options));
            StewardCli root = parent.root;
            PrintWriter out = root.spec.commandLine().getOut();
            if (root.json) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("applied", report.applied());
                json.put(
                        "actions",
                        report.actions().stream()
                                .map(a -> Map.of("kind", a.kind(), "slots", a.slots(), "detail", a.detail()))
                                .toList());
                json.put(
                        "oversizedKeys",
                        report.oversized().stream()
                                .map(ClusterCommand::oversized)
                                .toList());
                Json.print(out, json);
            } else {
                if (report.actions().isEmpty()) {
                    out.println("Nothing to fix: no open or uncovered slots.");
                }
                for (FixReport.Action a : report.actions()) {
                    out.printf("  %-13s %s%n", a.kind(), a.detail());
                }
                printOversized(out, report.oversized());
                if (!report.applied() && !report.actions().isEmpty()) {
                    out.println("Nothing changed; run again with --confirm to make these repairs.");
                }
            }
            if (!report.oversized().isEmpty() || report.refusedAny()) {
                return ExitCodes.FAILED;
            }
            return report.applied() || report.actions().isEmpty() ? ExitCodes.OK : ExitCodes.DEGRADED;
        }
    }

    @Command(
            name = "rebalance",
            description = "Even out slots (--by slots) or memory (--by memory) across masters in throttled"
                    + " MIGRATE batches; resumes an unfinished run. Needs --confirm.",
            footerHeading = "%nExamples:%n",
            footer = {
                "  ./steward cluster rebalance --by slots    # the plan only",
                "  ./steward cluster rebalance --by memory --confirm --pause-ms 50",
                "  ./steward cluster rebalance --abandon     # drop an unfinished plan"
            })
    static final class Rebalance implements Callable<Integer> {
        @ParentCommand
        ClusterCommand parent;

        @Option(names = "--by", paramLabel = "WHAT", description = "slots (default) or memory")
        String by = "slots";

        @Option(
                names = "--threshold",
                paramLabel = "PCT",
                description = "leave masters within PCT %% of their target alone (default 2)")
        double threshold = RebalanceOptions.DEFAULT_THRESHOLD_PCT;

        @Option(names = "--confirm", description = "move the slots (without it: print the plan, exit 1)")
        boolean confirm;

        @Option(names = "--abandon", description = "drop the unfinished plan kept in the home; moves nothing")
        boolean abandon;

        @Mixin
        MoveOptions move;

        @Override
        public Integer call() {
            StewardCli root = parent.root;
            PrintWriter out = root.spec.commandLine().getOut();
            if (abandon) {
                boolean dropped = withAdmin(root, ClusterAdmin::abandonRebalance);
                if (root.json) {
                    Json.print(out, Map.of("abandoned", dropped));
                } else {
                    out.println(
                            dropped
                                    ? "Dropped the unfinished rebalance. Run 'steward cluster fix --confirm' for a slot it left open."
                                    : "No unfinished rebalance.");
                }
                return ExitCodes.OK;
            }
            RebalanceOptions options =
                    move.builder().by(by(by)).thresholdPct(threshold).build();
            RebalanceProgress progress = withAdmin(root, admin -> admin.rebalance(options, confirm, p -> {}));
            printRebalance(root, progress);
            return switch (progress.state()) {
                case DONE -> ExitCodes.OK;
                case PLANNED, RUNNING -> ExitCodes.DEGRADED;
                case STUCK -> ExitCodes.FAILED;
            };
        }

        private static RebalancePlan.By by(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "slots" -> RebalancePlan.By.SLOTS;
                case "memory" -> RebalancePlan.By.MEMORY;
                default -> throw new ConfigException("--by", "unknown '" + text + "'; allowed: slots, memory");
            };
        }
    }

    private static void printRebalance(StewardCli root, RebalanceProgress p) {
        PrintWriter out = root.spec.commandLine().getOut();
        List<SlotMove> moves = p.plan().moves();
        if (root.json) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("state", p.state().id());
            json.put("by", p.plan().by().id());
            json.put("resumed", p.resumed());
            json.put("plannedAt", p.plan().createdAt().toString());
            json.put("moves", moves.size());
            json.put("nextMove", p.nextMove());
            json.put("slotsMoved", p.slotsMoved());
            json.put("keysMoved", p.keysMoved());
            json.put("flows", flows(moves));
            json.put(
                    "oversizedKeys",
                    p.oversized().stream().map(ClusterCommand::oversized).toList());
            Json.print(out, json);
            return;
        }
        if (moves.isEmpty()) {
            out.println("Balanced: nothing to move (by " + p.plan().by().id() + ").");
            return;
        }
        out.printf(
                "%s rebalance by %s: %d slot move(s)%s%n",
                p.resumed() ? "Unfinished" : "Planned",
                p.plan().by().id(),
                moves.size(),
                p.resumed() ? ", " + p.nextMove() + " done before this run" : "");
        for (Map<String, Object> flow : flows(moves)) {
            out.printf("  %s -> %s: %s slot(s)%n", flow.get("from"), flow.get("to"), flow.get("slots"));
        }
        switch (p.state()) {
            case PLANNED, RUNNING -> out.println("Nothing changed; run again with --confirm to move the slots.");
            case DONE -> out.printf("Done: %d slot(s), %d key(s) moved.%n", p.slotsMoved(), p.keysMoved());
            case STUCK -> {
                out.printf(
                        "Stopped at slot %d after %d slot(s), %d key(s): MIGRATE refused %d key(s).%n",
                        p.currentMove().map(SlotMove::slot).orElse(-1),
                        p.slotsMoved(),
                        p.keysMoved(),
                        p.oversized().size());
                printOversized(out, p.oversized());
            }
        }
    }

    private static List<Map<String, Object>> flows(List<SlotMove> moves) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (SlotMove m : moves) {
            counts.merge(m.from() + " " + m.to(), 1, Integer::sum);
        }
        List<Map<String, Object>> flows = new ArrayList<>();
        counts.forEach((pair, count) -> {
            String[] ends = pair.split(" ");
            Map<String, Object> flow = new LinkedHashMap<>();
            flow.put("from", ends[0]);
            flow.put("to", ends[1]);
            flow.put("slots", count);
            flows.add(flow);
        });
        return flows;
    }

    private static void printOversized(PrintWriter out, List<OversizedKey> keys) {
        for (OversizedKey k : keys) {
            out.printf(
                    "  not moved: slot %d key %s (%s bytes): %s%n",
                    k.slot(), k.key(), k.bytes() < 0 ? "?" : k.bytes(), k.error());
        }
        if (!keys.isEmpty()) {
            out.println("The slot stays migrating; raise --timeout-ms and run the same command again to finish it.");
        }
    }

    private static Map<String, Object> oversized(OversizedKey k) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("slot", k.slot());
        json.put("key", k.key());
        json.put("bytes", k.bytes());
        json.put("error", k.error());
        return json;
    }

    private static void printChange(StewardCli root, ClusterChange change) {
        PrintWriter out = root.spec.commandLine().getOut();
        if (root.json) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("action", change.action());
            json.put("applied", change.applied());
            json.put("node", change.node() == null ? null : change.node().toString());
            json.put("nodeId", change.nodeId());
            json.put("steps", change.steps());
            Map<String, String> roles = new LinkedHashMap<>();
            change.roles().forEach((node, role) -> roles.put(node.toString(), role));
            json.put("roles", roles);
            Json.print(out, json);
            return;
        }
        for (String step : change.steps()) {
            out.println((change.applied() ? "  done: " : "  would: ") + step);
        }
        change.roles().forEach((node, role) -> out.printf("  %-22s %s%n", node, role));
        if (!change.applied()) {
            out.println("Nothing changed; run again with --confirm to make the change.");
        }
    }

    private static Map<String, Object> finding(ClusterFinding f) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", f.name());
        json.put("severity", f.severity().name().toLowerCase(Locale.ROOT));
        json.put("target", f.target());
        json.put("detail", f.detail());
        json.put("fix", f.fix());
        return json;
    }

    private static String badge(Severity severity) {
        return switch (severity) {
            case OK -> "ok";
            case WARN -> "WARN";
            case CRITICAL -> "CRIT";
        };
    }

    private static String verdict(Severity severity) {
        return switch (severity) {
            case OK -> "ok";
            case WARN -> "warnings";
            case CRITICAL -> "critical";
        };
    }

    private static int exitCode(Severity severity) {
        return switch (severity) {
            case OK -> ExitCodes.OK;
            case WARN -> ExitCodes.DEGRADED;
            case CRITICAL -> ExitCodes.FAILED;
        };
    }
}
