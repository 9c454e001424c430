package io.steward.ha.cluster;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The slot moves that even out a cluster, in the order they are made.
 *
 * @param by        what is evened out
 * @param createdAt when the plan was made
 * @param moves     the moves, grouped by source master
 */
public record RebalancePlan(By by, Instant createdAt, List<SlotMove> moves) {

    /** What a rebalance evens out. */
    public enum By {
        /** Slot counts: every master serves 16384 / masters slots (the remainder spread one each). */
        SLOTS,
        /** Memory: slots move from masters above the mean {@code used_memory} to those below it. */
        MEMORY,
        /** Every slot of one master moves to the others, evenly, so that it can be removed. */
        DRAIN;

        /** The name used on the command line and in JSON. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public RebalancePlan {
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(createdAt, "createdAt");
        moves = List.copyOf(moves);
    }

    /** Whether there is nothing to move. */
    public boolean isEmpty() {
        return moves.isEmpty();
    }
}
