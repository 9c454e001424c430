package io.steward.bench;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a server (or several, {@link #plus}) received, from {@code INFO all}: commands per name
 * (the {@code cmdstat_NAME} of {@code INFO commandstats}: {@code calls} plus {@code rejected_calls},
 * so commands an ACL refused count as sent) and {@code total_connections_received}. A Sentinel has
 * no {@code commandstats} section (Redis 7.0), so its {@code total_commands_processed} counts under
 * the one name {@link #SENTINEL_COMMANDS}. A difference of two snapshots ({@link #minus}) says what
 * arrived in between.
 *
 * @param sent        commands per name, such as {@code info} or {@code config|get}
 * @param rejected    of those, refused before running (ACL, arity), per name; only non-zero entries
 * @param connections connections accepted
 */
record CommandStats(Map<String, Long> sent, Map<String, Long> rejected, long connections) {

    static final CommandStats NONE = new CommandStats(Map.of(), Map.of(), 0);

    /** The name a Sentinel's commands count under. */
    static final String SENTINEL_COMMANDS = "(sentinel: all commands)";

    CommandStats {
        sent = Map.copyOf(sent);
        rejected = Map.copyOf(rejected);
    }

    /** A Sentinel's {@code INFO} reply: {@code total_commands_processed} and {@code total_connections_received}. */
    static CommandStats parseSentinel(String info) {
        long processed = 0;
        long connections = 0;
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("total_commands_processed:")) {
                processed = Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
            } else if (line.startsWith("total_connections_received:")) {
                connections =
                        Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
            }
        }
        return new CommandStats(Map.of(SENTINEL_COMMANDS, processed), Map.of(), connections);
    }

    /** Parses the {@code commandstats} and {@code stats} sections of a data node's {@code INFO} reply. */
    static CommandStats parse(String info) {
        Map<String, Long> sent = new TreeMap<>();
        Map<String, Long> rejected = new TreeMap<>();
        long connections = 0;
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("cmdstat_")) {
                int colon = line.indexOf(':');
                String name = line.substring("cmdstat_".length(), colon);
                long calls = 0;
                long refused = 0;
                for (String pair : line.substring(colon + 1).split(",")) {
                    int eq = pair.indexOf('=');
                    String key = pair.substring(0, eq);
                    if (key.equals("calls")) {
                        calls = Long.parseLong(pair.substring(eq + 1));
                    } else if (key.equals("rejected_calls")) {
                        refused = Long.parseLong(pair.substring(eq + 1));
                    }
                }
                sent.put(name, calls + refused);
                if (refused != 0) {
                    rejected.put(name, refused);
                }
            } else if (line.startsWith("total_connections_received:")) {
                connections =
                        Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
            }
        }
        return new CommandStats(sent, rejected, connections);
    }

    /** What arrived after {@code earlier}; names whose count did not change are left out. */
    CommandStats minus(CommandStats earlier) {
        return new CommandStats(
                difference(sent, earlier.sent()),
                difference(rejected, earlier.rejected()),
                connections - earlier.connections());
    }

    /** The sum of both, such as the snapshots of every node of a deployment. */
    CommandStats plus(CommandStats other) {
        Map<String, Long> s = new TreeMap<>(sent);
        other.sent().forEach((k, v) -> s.merge(k, v, Long::sum));
        Map<String, Long> r = new TreeMap<>(rejected);
        other.rejected().forEach((k, v) -> r.merge(k, v, Long::sum));
        return new CommandStats(s, r, connections + other.connections());
    }

    /**
     * The difference without the {@code INFO} calls that took the earlier snapshots, one per data
     * node and sentinel: a server counts a command after running it, so each later snapshot includes
     * the earlier one.
     */
    CommandStats withoutSnapshots(int dataNodes, int sentinels) {
        Map<String, Long> s = new TreeMap<>(sent);
        s.computeIfPresent("info", (k, v) -> v - dataNodes == 0 ? null : v - dataNodes);
        s.computeIfPresent(SENTINEL_COMMANDS, (k, v) -> v - sentinels == 0 ? null : v - sentinels);
        return new CommandStats(s, rejected, connections);
    }

    long total() {
        return sent.values().stream().mapToLong(Long::longValue).sum();
    }

    private static Map<String, Long> difference(Map<String, Long> later, Map<String, Long> earlier) {
        Map<String, Long> out = new TreeMap<>();
        later.forEach((name, count) -> {
            long d = count - earlier.getOrDefault(name, 0L);
            if (d != 0) {
                out.put(name, d);
            }
        });
        return out;
    }
}
