package io.steward.cli;

import static io.steward.cli.AnalyzeCommand.id;
import static io.steward.cli.AnalyzeCommand.number;
import static io.steward.cli.AnalyzeCommand.percent;
import static io.steward.cli.AnalyzeCommand.time;

import io.steward.ConfigException;
import io.steward.monitor.history.MetricsHistory;
import io.steward.monitor.trend.CapacityPlanner;
import io.steward.monitor.trend.CapacityReport;
import io.steward.monitor.trend.CapacityReport.Advice;
import io.steward.monitor.trend.CapacityReport.NodeCapacity;
import io.steward.monitor.trend.CapacityReport.Recommendation;
import io.steward.monitor.trend.CapacityReport.Trend;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.function.DoubleFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code steward capacity [--weeks N]}: memory growth projected from the metrics history. Exit 0 when
 * nothing is urgent (or there is too little history to say), 1 for add memory now or set maxmemory, 2
 * for an emergency.
 */
@Command(
        name = "capacity",
        description = "Project memory, keys and clients growth from the last N weeks of history and recommend"
                + " what to do; exit 0 fine, 1 add memory now or set maxmemory, 2 emergency.")
final class CapacityCommand implements Callable<Integer> {

    /** 13 weeks cover the 90 days hour rollups are kept. */
    static final int MAX_WEEKS = 13;

    @ParentCommand
    StewardCli root;

    @Option(names = "--weeks", paramLabel = "N", description = "weeks to look back, 1-13 (default: 4)")
    int weeks = 4;

    @Override
    public Integer call() {
        if (weeks < 1 || weeks > MAX_WEEKS) {
            throw new ConfigException("--weeks", "must be 1-" + MAX_WEEKS + ", was " + weeks);
        }
        CapacityReport report;
        try (MetricsHistory history = HistoryFile.openExisting(root, Clock.systemUTC())) {
            report = CapacityPlanner.plan(history, Duration.ofDays(7L * weeks));
        }
        PrintWriter out = root.spec.commandLine().getOut();
        if (root.json) {
            Json.print(out, json(report));
        } else {
            printText(out, report);
        }
        return switch (report.recommendation()) {
            case EMERGENCY -> ExitCodes.FAILED;
            case ADD_MEMORY_NOW, SET_MAXMEMORY -> ExitCodes.DEGRADED;
            case INSUFFICIENT_DATA, MONITOR, PLAN_GROWTH -> ExitCodes.OK;
        };
    }

    private Map<String, Object> json(CapacityReport report) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("from", report.from().toString());
        json.put("to", report.to().toString());
        json.put("weeks", weeks);
        json.put("rolesKnown", report.rolesKnown());
        json.put("recommendation", id(report.recommendation()));
        json.put("nodes", report.nodes().stream().map(CapacityCommand::json).toList());
        return json;
    }

    private static Map<String, Object> json(NodeCapacity n) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("node", n.node());
        node.put("resolution", id(n.resolution()));
        node.put("points", n.points());
        node.put("spanSeconds", n.span().toSeconds());
        node.put("sufficientData", n.sufficientData());
        node.put("usedMemory", n.usedMemory());
        node.put("maxmemory", n.maxmemory());
        node.put("usedFraction", value(n.usedFraction()));
        node.put("memoryGrowth", json(n.memoryGrowth()));
        node.put("keysGrowth", json(n.keysGrowth()));
        node.put("clientsGrowth", json(n.clientsGrowth()));
        node.put("daysTo70Percent", value(n.daysTo70Percent()));
        node.put("daysTo85Percent", value(n.daysTo85Percent()));
        node.put("daysTo100Percent", value(n.daysTo100Percent()));
        node.put("projectedMemoryIn90Days", value(n.projectedMemoryIn90Days()));
        node.put("averageOpsPerSec", n.averageOpsPerSec());
        node.put("peakOpsPerSec", n.peakOpsPerSec());
        node.put("recommendation", id(n.recommendation()));
        node.put(
                "advice",
                n.advice().stream()
                        .map(a -> {
                            Map<String, Object> advice = new LinkedHashMap<>();
                            advice.put("kind", id(a.kind()));
                            advice.put("reason", a.reason());
                            return advice;
                        })
                        .toList());
        return node;
    }

    private static Map<String, Object> json(Optional<Trend> trend) {
        if (trend.isEmpty()) {
            return null;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("perWeek", trend.get().perWeek());
        json.put("rSquared", trend.get().rSquared());
        json.put("points", trend.get().points());
        return json;
    }

    private static Double value(OptionalDouble value) {
        return value.isPresent() ? value.getAsDouble() : null;
    }

    private void printText(PrintWriter out, CapacityReport report) {
        out.printf(
                "Capacity from the last %d week%s of history (%s to %s).%n",
                weeks, weeks == 1 ? "" : "s", time(report.from()), time(report.to()));
        if (report.nodes().isEmpty()) {
            out.println("No memory samples in this window; 'steward serve' or './steward up' collects them.");
            return;
        }
        if (!report.rolesKnown()) {
            out.println("The history records no roles; planning for the node using the most memory.");
        }
        for (NodeCapacity n : report.nodes()) {
            out.println();
            printNode(out, n, report.rolesKnown());
        }
        out.println();
        out.println(
                "Recommendation: " + label(report.recommendation()) + " (" + reason(report.recommendation()) + ").");
    }

    private static void printNode(PrintWriter out, NodeCapacity n, boolean master) {
        out.println(n.node() + (master ? " (master)" : ""));
        line(out, "used memory", usedMemory(n));
        if (!n.sufficientData()) {
            line(
                    out,
                    "recommendation",
                    String.format(
                            Locale.ROOT,
                            "INSUFFICIENT DATA: %d point%s over %s; projections need at least %d points over %s."
                                    + " Keep 'steward serve' running and ask again later.",
                            n.points(),
                            n.points() == 1 ? "" : "s",
                            duration(n.span()),
                            CapacityPlanner.MIN_POINTS,
                            duration(CapacityPlanner.MIN_SPAN)));
            return;
        }
        line(
                out,
                "memory growth",
                growth(n.memoryGrowth(), CapacityCommand::signedSize)
                        + String.format(Locale.ROOT, ", %d points at %s resolution", n.points(), id(n.resolution())));
        line(out, "keys growth", growth(n.keysGrowth(), v -> signed(v, 0)));
        line(out, "clients growth", growth(n.clientsGrowth(), v -> signed(v, 1)));
        line(out, "ops/s", "average " + number(n.averageOpsPerSec(), 0) + ", peak " + number(n.peakOpsPerSec(), 0));
        if (n.maxmemory() > 0) {
            line(out, "70 % in", days(n.daysTo70Percent()));
            line(out, "85 % in", days(n.daysTo85Percent()));
            line(out, "100 % in", days(n.daysTo100Percent()));
        }
        line(
                out,
                "in 90 days",
                BackupCommand.size(Math.round(n.projectedMemoryIn90Days().orElse(n.usedMemory()))));
        line(
                out,
                "recommendation",
                label(n.recommendation()).toUpperCase(Locale.ROOT) + ": " + reason(n.recommendation()));
        for (Advice advice : n.advice()) {
            line(out, "advice", adviceWords(advice.kind()) + ": " + advice.reason());
        }
    }

    private static void line(PrintWriter out, String label, String value) {
        out.printf("  %-16s %s%n", label, value);
    }

    private static String usedMemory(NodeCapacity n) {
        String used = BackupCommand.size(n.usedMemory());
        return n.usedFraction().isPresent()
                ? used + " of " + BackupCommand.size(n.maxmemory()) + " maxmemory ("
                        + percent(n.usedFraction().getAsDouble()) + ")"
                : used + " (no maxmemory set)";
    }

    private static String growth(Optional<Trend> trend, DoubleFunction<String> format) {
        return trend.map(t ->
                        String.format(Locale.ROOT, "%s/week (fit R^2 %.2f)", format.apply(t.perWeek()), t.rSquared()))
                .orElse("not sampled");
    }

    private static String signedSize(double bytes) {
        return (bytes < 0 ? "-" : "+") + BackupCommand.size(Math.round(Math.abs(bytes)));
    }

    private static String signed(double value, int decimals) {
        return (value < 0 ? "" : "+") + number(value, decimals);
    }

    private static String days(OptionalDouble days) {
        if (days.isEmpty()) {
            return "not reached at the current growth";
        }
        return days.getAsDouble() == 0 ? "already reached" : number(days.getAsDouble(), 1) + " days";
    }

    private static String duration(Duration span) {
        long minutes = span.toMinutes();
        if (minutes < 60) {
            return minutes + " min";
        }
        return minutes / 60 + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
    }

    /** The recommendation in a few words, lower case. */
    static String label(Recommendation recommendation) {
        return id(recommendation).replace('-', ' ');
    }

    /** What the recommendation means. */
    static String reason(Recommendation recommendation) {
        return switch (recommendation) {
            case INSUFFICIENT_DATA -> "too little history to project growth";
            case MONITOR -> "85 % of maxmemory is more than 90 days away";
            case SET_MAXMEMORY -> "without a limit Redis grows until the host runs out of memory";
            case PLAN_GROWTH -> "85 % of maxmemory within 90 days";
            case ADD_MEMORY_NOW -> "85 % of maxmemory within 30 days or already passed";
            case EMERGENCY -> "maxmemory reached within 7 days, or memory above 95 %";
        };
    }

    private static String adviceWords(Advice.Kind kind) {
        return switch (kind) {
            case ADD_REPLICAS -> "add replicas and read from them";
            case MOVE_TO_CLUSTER -> "move to Redis Cluster";
        };
    }
}
