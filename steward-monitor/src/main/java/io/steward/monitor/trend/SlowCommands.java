package io.steward.monitor.trend;

import io.steward.monitor.history.SlowlogEntry;
import io.steward.monitor.trend.HistoryAnalysis.SlowCommand;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Groups slowlog entries by command name. */
final class SlowCommands {

    /** Commands whose first argument is a subcommand that says what actually ran. */
    private static final Set<String> CONTAINERS = Set.of(
            "ACL",
            "CLIENT",
            "CLUSTER",
            "COMMAND",
            "CONFIG",
            "FUNCTION",
            "LATENCY",
            "MEMORY",
            "MODULE",
            "OBJECT",
            "PUBSUB",
            "SCRIPT",
            "SLOWLOG",
            "XGROUP",
            "XINFO");

    private static final Comparator<SlowCommand> MOST_FREQUENT = Comparator.comparingInt(SlowCommand::count)
            .reversed()
            .thenComparing(Comparator.comparingLong(SlowCommand::maxMicros).reversed())
            .thenComparing(SlowCommand::command);

    private SlowCommands() {}

    /** The {@code limit} most frequent commands of {@code entries}: by count, then longest, then name. */
    static List<SlowCommand> top(List<SlowlogEntry> entries, int limit) {
        Map<String, long[]> byName = new LinkedHashMap<>(); // count, max, sum
        for (SlowlogEntry entry : entries) {
            long[] stats = byName.computeIfAbsent(name(entry.command()), k -> new long[3]);
            stats[0]++;
            stats[1] = Math.max(stats[1], entry.durationMicros());
            stats[2] += entry.durationMicros();
        }
        return byName.entrySet().stream()
                .map(e -> new SlowCommand(
                        e.getKey(), (int) e.getValue()[0], e.getValue()[1], (double) e.getValue()[2] / e.getValue()[0]))
                .sorted(MOST_FREQUENT)
                .limit(limit)
                .toList();
    }

    /** {@code GET}, or {@code CONFIG GET} for a container command; upper case. */
    static String name(List<String> command) {
        String name = command.get(0).toUpperCase(Locale.ROOT);
        if (CONTAINERS.contains(name) && command.size() > 1) {
            return name + " " + command.get(1).toUpperCase(Locale.ROOT);
        }
        return name;
    }
}
