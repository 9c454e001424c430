package io.steward.monitor.trend;

import io.steward.monitor.history.Event;
import io.steward.monitor.history.EventKind;
import io.steward.monitor.history.Resolution;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What {@link TrendAnalyzer#analyze} found in one window of the metrics history.
 *
 * @param from        the start of the window, inclusive
 * @param to          the end of the window, exclusive: the clock's now when analysed
 * @param resolution  the resolution the series were read at
 * @param nodes       one summary per node with samples in the window, sorted by node
 * @param eventCounts how many events of each kind the window holds: every {@link EventKind}, in
 *     declaration order, 0 when none
 * @param events      the window's events, oldest first
 */
public record HistoryAnalysis(
        Instant from,
        Instant to,
        Resolution resolution,
        List<NodeSummary> nodes,
        Map<EventKind, Integer> eventCounts,
        List<Event> events) {

    public HistoryAnalysis {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(resolution, "resolution");
        nodes = List.copyOf(nodes);
        Map<EventKind, Integer> counts = new EnumMap<>(EventKind.class);
        for (EventKind kind : EventKind.values()) {
            counts.put(kind, eventCounts.getOrDefault(kind, 0));
        }
        eventCounts = Collections.unmodifiableMap(counts);
        events = List.copyOf(events);
    }

    /**
     * One node over the window. Gauges are empty when the node's samples lack the field; counters
     * count only what happened between the window's first and last sample, across restarts.
     *
     * @param node             the node
     * @param usedMemory       {@code used_memory} in bytes
     * @param connectedClients {@code connected_clients}
     * @param opsPerSec        {@code instantaneous_ops_per_sec}
     * @param fragmentation    {@code mem_fragmentation_ratio}
     * @param keyspaceHits     successful key lookups in the window
     * @param keyspaceMisses   failed key lookups in the window
     * @param evictedKeys      keys evicted because of {@code maxmemory} in the window
     * @param expiredKeys      keys expired in the window
     * @param slowlogEntries   slowlog entries recorded in the window
     * @param slowCommands     the most frequent slow commands, at most
     *     {@link TrendAnalyzer#TOP_SLOW_COMMANDS}: by count, then longest, then name
     * @param latency          latency spikes by event name, sorted by name
     */
    public record NodeSummary(
            String node,
            Optional<Gauge> usedMemory,
            Optional<Gauge> connectedClients,
            Optional<Gauge> opsPerSec,
            Optional<Gauge> fragmentation,
            long keyspaceHits,
            long keyspaceMisses,
            long evictedKeys,
            long expiredKeys,
            int slowlogEntries,
            List<SlowCommand> slowCommands,
            List<LatencySpikes> latency) {

        public NodeSummary {
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(usedMemory, "usedMemory");
            Objects.requireNonNull(connectedClients, "connectedClients");
            Objects.requireNonNull(opsPerSec, "opsPerSec");
            Objects.requireNonNull(fragmentation, "fragmentation");
            slowCommands = List.copyOf(slowCommands);
            latency = List.copyOf(latency);
        }

        /** Hits divided by all lookups in the window; empty when there were no lookups. */
        public OptionalDouble hitRatio() {
            long lookups = keyspaceHits + keyspaceMisses;
            return lookups == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) keyspaceHits / lookups);
        }
    }

    /**
     * A gauge over the window.
     *
     * @param peak    the largest sample (rollups keep each bucket's maximum, so no spike is lost)
     * @param average the mean of the samples
     * @param samples how many samples the values summarise
     */
    public record Gauge(double peak, double average, long samples) {}

    /**
     * The slowlog entries of one command.
     *
     * @param command       the command name in upper case, with the subcommand for container commands
     *     such as {@code CONFIG GET} or {@code XINFO STREAM}
     * @param count         how many entries
     * @param maxMicros     the longest duration in microseconds
     * @param averageMicros the mean duration in microseconds
     */
    public record SlowCommand(String command, int count, long maxMicros, double averageMicros) {}

    /**
     * The latency spikes of one latency-monitor event.
     *
     * @param event     the event name, such as {@code command} or {@code fork}
     * @param count     how many distinct spikes the window recorded
     * @param maxMillis the largest of their latencies in milliseconds
     * @param last      when the newest of them happened
     */
    public record LatencySpikes(String event, int count, long maxMillis, Instant last) {}
}
