package io.steward.monitor.trend;

import io.steward.monitor.history.Resolution;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What {@link CapacityPlanner#plan} projects from one window of the metrics history.
 *
 * @param from         the start of the window, inclusive
 * @param to           the end of the window, exclusive: the clock's now when planned
 * @param historySince when the history the window holds begins: its oldest sample, or {@code from}
 *     when the history reaches further back; empty when the history holds no sample
 * @param rolesKnown   whether the history records node roles; when it does, {@link #nodes()} holds
 *     the masters, otherwise only the node using the most memory
 * @param nodes        one plan per node that matters, sorted by node
 */
public record CapacityReport(
        Instant from, Instant to, Optional<Instant> historySince, boolean rolesKnown, List<NodeCapacity> nodes) {

    public CapacityReport {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(historySince, "historySince");
        nodes = List.copyOf(nodes);
    }

    /** The most urgent recommendation of the nodes; {@link Recommendation#INSUFFICIENT_DATA} when none. */
    public Recommendation recommendation() {
        return nodes.stream()
                .map(NodeCapacity::recommendation)
                .max(Comparator.naturalOrder())
                .orElse(Recommendation.INSUFFICIENT_DATA);
    }

    /** What to do about a node's memory, from least to most urgent. */
    public enum Recommendation {
        /**
         * Less than {@link CapacityPlanner#MIN_SPAN} of history or fewer than
         * {@link CapacityPlanner#MIN_POINTS} points: nothing is projected.
         */
        INSUFFICIENT_DATA,
        /** 85 % of {@code maxmemory} is not reached within 90 days at the current growth. */
        MONITOR,
        /**
         * {@code maxmemory} is 0: Redis grows until the host runs out of memory. Set a limit; growth is
         * still reported.
         */
        SET_MAXMEMORY,
        /** 85 % of {@code maxmemory} is reached within 90 days. */
        PLAN_GROWTH,
        /** 85 % of {@code maxmemory} is reached within 30 days, or memory is already above 85 %. */
        ADD_MEMORY_NOW,
        /** {@code maxmemory} is reached within 7 days, or memory is already above 95 %. */
        EMERGENCY
    }

    /**
     * A least-squares line over time.
     *
     * @param perWeek  the growth per week (the slope per day times 7); negative when shrinking
     * @param rSquared how well the line fits, 0 to 1 (1 also when the value never changed)
     * @param points   how many points were fitted
     */
    public record Trend(double perWeek, double rSquared, int points) {}

    /**
     * A suggested change of topology, with the reason in words.
     *
     * @param kind   what to change
     * @param reason the measurement and the rule that triggered it
     */
    public record Advice(Kind kind, String reason) {

        public Advice {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(reason, "reason");
        }

        /** The change advised. */
        public enum Kind {
            /** Add replicas and route reads (and new connections) to them. */
            ADD_REPLICAS,
            /** Shard the data over several masters with Redis Cluster. */
            MOVE_TO_CLUSTER
        }
    }

    /**
     * The plan for one node. Trends, days and the projection are empty when the data is insufficient;
     * days are also empty when {@code maxmemory} is 0, and for a threshold not yet reached when memory
     * does not grow. A threshold already reached gives 0 days.
     *
     * @param node                    the node
     * @param resolution              the resolution the series were read at
     * @param points                  how many {@code used_memory} points the window holds
     * @param span                    the time between the first and the last of them
     * @param usedMemory              the node's current {@code used_memory} in bytes
     * @param maxmemory               its current {@code maxmemory} in bytes; 0 when unlimited or unknown
     * @param memoryGrowth            the trend of {@code used_memory} in bytes
     * @param keysGrowth              the trend of the number of keys; empty when not sampled
     * @param clientsGrowth           the trend of {@code connected_clients}; empty when not sampled
     * @param daysTo70Percent         days until {@code used_memory} reaches 70 % of {@code maxmemory}
     * @param daysTo85Percent         days until 85 %
     * @param daysTo100Percent        days until 100 %
     * @param projectedMemoryIn90Days {@code used_memory} in 90 days if it keeps growing as it did
     *     (never below today's)
     * @param averageOpsPerSec        the mean of {@code instantaneous_ops_per_sec} over the window
     * @param peakOpsPerSec           its largest sample
     * @param recommendation          what to do about memory
     * @param advice                  suggested topology changes, possibly none
     */
    public record NodeCapacity(
            String node,
            Resolution resolution,
            int points,
            Duration span,
            long usedMemory,
            long maxmemory,
            Optional<Trend> memoryGrowth,
            Optional<Trend> keysGrowth,
            Optional<Trend> clientsGrowth,
            OptionalDouble daysTo70Percent,
            OptionalDouble daysTo85Percent,
            OptionalDouble daysTo100Percent,
            OptionalDouble projectedMemoryIn90Days,
            double averageOpsPerSec,
            double peakOpsPerSec,
            Recommendation recommendation,
            List<Advice> advice) {

        public NodeCapacity {
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(resolution, "resolution");
            Objects.requireNonNull(span, "span");
            Objects.requireNonNull(memoryGrowth, "memoryGrowth");
            Objects.requireNonNull(keysGrowth, "keysGrowth");
            Objects.requireNonNull(clientsGrowth, "clientsGrowth");
            Objects.requireNonNull(daysTo70Percent, "daysTo70Percent");
            Objects.requireNonNull(daysTo85Percent, "daysTo85Percent");
            Objects.requireNonNull(daysTo100Percent, "daysTo100Percent");
            Objects.requireNonNull(projectedMemoryIn90Days, "projectedMemoryIn90Days");
            Objects.requireNonNull(recommendation, "recommendation");
            advice = List.copyOf(advice);
        }

        /** Whether there was enough history to project. */
        public boolean sufficientData() {
            return recommendation != Recommendation.INSUFFICIENT_DATA;
        }

        /** {@code used_memory / maxmemory}; empty when {@code maxmemory} is 0. */
        public OptionalDouble usedFraction() {
            return maxmemory > 0 ? OptionalDouble.of((double) usedMemory / maxmemory) : OptionalDouble.empty();
        }
    }
}
