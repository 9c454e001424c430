package io.steward.cli;

import io.steward.ConfigException;
import io.steward.monitor.history.Event;
import io.steward.monitor.history.EventKind;
import io.steward.monitor.history.MetricsHistory;
import io.steward.monitor.trend.HistoryAnalysis;
import io.steward.monitor.trend.HistoryAnalysis.Gauge;
import io.steward.monitor.trend.HistoryAnalysis.LatencySpikes;
import io.steward.monitor.trend.HistoryAnalysis.NodeSummary;
import io.steward.monitor.trend.HistoryAnalysis.SlowCommand;
import io.steward.monitor.trend.TrendAnalyzer;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.DoubleFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code steward analyze [--hours N]}: a summary of the metrics history. Exit 0 unless it fails. */
@Command(
        name = "analyze",
        description = "Summarise the metrics history of the last N hours: memory, clients, ops/s, fragmentation,"
                + " hit ratio, evictions, slow commands, latency spikes and events.")
final class AnalyzeCommand implements Callable<Integer> {

    /** 90 days, as long as hour rollups are kept. */
    static final int MAX_HOURS = 2160;

    /** How many events the text lists; JSON lists all. */
    private static final int EVENTS_SHOWN = 20;

    @ParentCommand
    StewardCli root;

    @Option(names = "--hours", paramLabel = "N", description = "hours to look back, 1-2160 (default: 24)")
    int hours = 24;

    @Override
    public Integer call() {
        if (hours < 1 || hours > MAX_HOURS) {
            throw new ConfigException("--hours", "must be 1-" + MAX_HOURS + ", was " + hours);
        }
        HistoryAnalysis analysis;
        try (MetricsHistory history = HistoryFile.openExisting(root, Clock.systemUTC())) {
            analysis = TrendAnalyzer.analyze(history, Duration.ofHours(hours));
        }
        PrintWriter out = root.spec.commandLine().getOut();
        if (root.json) {
            Json.print(out, json(analysis));
        } else {
            printText(out, analysis);
        }
        return ExitCodes.OK;
    }

    private Map<String, Object> json(HistoryAnalysis analysis) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("from", analysis.from().toString());
        json.put("to", analysis.to().toString());
        json.put("hours", hours);
        json.put("resolution", id(analysis.resolution()));
        json.put("nodes", analysis.nodes().stream().map(AnalyzeCommand::json).toList());
        Map<String, Object> counts = new LinkedHashMap<>();
        analysis.eventCounts().forEach((kind, count) -> counts.put(id(kind), count));
        json.put("eventCounts", counts);
        json.put(
                "events",
                analysis.events().stream()
                        .map(e -> {
                            Map<String, Object> event = new LinkedHashMap<>();
                            event.put("at", e.at().toString());
                            event.put("kind", id(e.kind()));
                            event.put("node", e.node());
                            event.put("detail", e.detail());
                            return event;
                        })
                        .toList());
        return json;
    }

    private static Map<String, Object> json(NodeSummary n) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("node", n.node());
        node.put("usedMemory", json(n.usedMemory()));
        node.put("connectedClients", json(n.connectedClients()));
        node.put("opsPerSec", json(n.opsPerSec()));
        node.put("fragmentation", json(n.fragmentation()));
        node.put("keyspaceHits", n.keyspaceHits());
        node.put("keyspaceMisses", n.keyspaceMisses());
        node.put("hitRatio", n.hitRatio().isPresent() ? n.hitRatio().getAsDouble() : null);
        node.put("evictedKeys", n.evictedKeys());
        node.put("expiredKeys", n.expiredKeys());
        node.put("slowlogEntries", n.slowlogEntries());
        node.put(
                "slowCommands",
                n.slowCommands().stream()
                        .map(c -> {
                            Map<String, Object> command = new LinkedHashMap<>();
                            command.put("command", c.command());
                            command.put("count", c.count());
                            command.put("maxMicros", c.maxMicros());
                            command.put("averageMicros", c.averageMicros());
                            return command;
                        })
                        .toList());
        node.put(
                "latency",
                n.latency().stream()
                        .map(l -> {
                            Map<String, Object> spikes = new LinkedHashMap<>();
                            spikes.put("event", l.event());
                            spikes.put("count", l.count());
                            spikes.put("maxMillis", l.maxMillis());
                            spikes.put("last", l.last().toString());
                            return spikes;
                        })
                        .toList());
        return node;
    }

    private static Map<String, Object> json(Optional<Gauge> gauge) {
        if (gauge.isEmpty()) {
            return null;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("peak", gauge.get().peak());
        json.put("average", gauge.get().average());
        json.put("samples", gauge.get().samples());
        return json;
    }

    private void printText(PrintWriter out, HistoryAnalysis analysis) {
        out.printf(
                "History of the last %d hour%s (%s to %s), %s resolution.%n",
                hours, hours == 1 ? "" : "s", time(analysis.from()), time(analysis.to()), id(analysis.resolution()));
        if (analysis.nodes().isEmpty()) {
            out.println("No samples in this window; 'steward serve' or './steward up' collects them.");
        } else {
            printLoad(out, analysis.nodes());
            printKeyspace(out, analysis.nodes());
            analysis.nodes().forEach(node -> printSlowCommands(out, node));
            analysis.nodes().forEach(node -> printLatency(out, node));
        }
        printEvents(out, analysis);
    }

    private static void printLoad(PrintWriter out, List<NodeSummary> nodes) {
        String format = "%-" + nodeWidth(nodes) + "s %11s %11s %12s %11s %10s %10s %9s %8s%n";
        out.println();
        out.printf(
                format,
                "NODE",
                "MEMORY PEAK",
                "MEMORY AVG",
                "CLIENTS PEAK",
                "CLIENTS AVG",
                "OPS/S PEAK",
                "OPS/S AVG",
                "FRAG PEAK",
                "FRAG AVG");
        for (NodeSummary n : nodes) {
            out.printf(
                    format,
                    n.node(),
                    peak(n.usedMemory(), v -> BackupCommand.size(Math.round(v))),
                    average(n.usedMemory(), v -> BackupCommand.size(Math.round(v))),
                    peak(n.connectedClients(), v -> number(v, 0)),
                    average(n.connectedClients(), v -> number(v, 1)),
                    peak(n.opsPerSec(), v -> number(v, 0)),
                    average(n.opsPerSec(), v -> number(v, 0)),
                    peak(n.fragmentation(), v -> number(v, 2)),
                    average(n.fragmentation(), v -> number(v, 2)));
        }
    }

    private static void printKeyspace(PrintWriter out, List<NodeSummary> nodes) {
        int width = nodeWidth(nodes);
        out.println();
        out.printf(
                "%-" + width + "s %9s %14s %14s %12s %12s %8s%n",
                "NODE",
                "HIT RATIO",
                "HITS",
                "MISSES",
                "EVICTED",
                "EXPIRED",
                "SLOWLOG");
        for (NodeSummary n : nodes) {
            out.printf(
                    "%-" + width + "s %9s %14s %14s %12s %12s %8d%n",
                    n.node(),
                    n.hitRatio().isPresent() ? percent(n.hitRatio().getAsDouble()) : "-",
                    number(n.keyspaceHits(), 0),
                    number(n.keyspaceMisses(), 0),
                    number(n.evictedKeys(), 0),
                    number(n.expiredKeys(), 0),
                    n.slowlogEntries());
        }
    }

    private static void printSlowCommands(PrintWriter out, NodeSummary node) {
        if (node.slowCommands().isEmpty()) {
            return;
        }
        int width = Math.max(
                "COMMAND".length(),
                node.slowCommands().stream()
                        .mapToInt(c -> c.command().length())
                        .max()
                        .orElse(0));
        out.println();
        out.printf("Slow commands on %s (%d slowlog entries)%n", node.node(), node.slowlogEntries());
        out.printf("  %-" + width + "s %7s %11s %11s%n", "COMMAND", "COUNT", "MAX", "AVG");
        for (SlowCommand c : node.slowCommands()) {
            out.printf(
                    "  %-" + width + "s %7d %11s %11s%n",
                    c.command(),
                    c.count(),
                    millis(c.maxMicros()),
                    millis(c.averageMicros()));
        }
    }

    private static void printLatency(PrintWriter out, NodeSummary node) {
        if (node.latency().isEmpty()) {
            return;
        }
        out.println();
        out.printf("Latency spikes on %s%n", node.node());
        out.printf("  %-20s %7s %10s  %s%n", "EVENT", "COUNT", "MAX", "LAST");
        for (LatencySpikes l : node.latency()) {
            out.printf("  %-20s %7d %7d ms  %s%n", l.event(), l.count(), l.maxMillis(), time(l.last()));
        }
    }

    private static void printEvents(PrintWriter out, HistoryAnalysis analysis) {
        out.println();
        StringBuilder counts = new StringBuilder("Events:");
        String separator = " ";
        for (Map.Entry<EventKind, Integer> count : analysis.eventCounts().entrySet()) {
            counts.append(separator).append(count.getValue()).append(' ').append(id(count.getKey()));
            separator = ", ";
        }
        out.println(counts);
        List<Event> events = analysis.events();
        if (events.size() > EVENTS_SHOWN) {
            out.printf("  ... %d earlier events (all of them with --json)%n", events.size() - EVENTS_SHOWN);
        }
        for (Event e : events.subList(Math.max(0, events.size() - EVENTS_SHOWN), events.size())) {
            out.printf(
                    "  %s  %-13s %-21s %s%n",
                    time(e.at()), id(e.kind()), e.node().isEmpty() ? "-" : e.node(), e.detail());
        }
    }

    private static int nodeWidth(List<NodeSummary> nodes) {
        return Math.max(
                "NODE".length(),
                nodes.stream().mapToInt(n -> n.node().length()).max().orElse(0));
    }

    private static String peak(Optional<Gauge> gauge, DoubleFunction<String> format) {
        return gauge.map(g -> format.apply(g.peak())).orElse("-");
    }

    private static String average(Optional<Gauge> gauge, DoubleFunction<String> format) {
        return gauge.map(g -> format.apply(g.average())).orElse("-");
    }

    static String number(double value, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f %%", fraction * 100);
    }

    private static String millis(double micros) {
        return String.format(Locale.ROOT, "%.1f ms", micros / 1000);
    }

    static String time(Instant at) {
        return at.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** An enum constant as the CLI and JSON spell it: {@code SWITCH_MASTER} as {@code switch-master}. */
    static String id(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
