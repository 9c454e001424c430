package io.steward.ha.cluster;

import java.util.List;
import java.util.Objects;

/**
 * Where a rebalance stands; kept in {@code BASE/ha/rebalance.json} while it runs, so that a later
 * run resumes it.
 *
 * @param plan       the plan being carried out
 * @param state      where it stands
 * @param nextMove   the index of the move in flight or next to make; {@code moves().size()} when done
 * @param slotsMoved slots moved so far (by this run and the runs before it)
 * @param keysMoved  keys moved so far
 * @param resumed    whether this run continued a plan an earlier run left unfinished
 * @param oversized  keys MIGRATE refused; the move in flight stays open while there are any
 */
public record RebalanceProgress(
        RebalancePlan plan,
        State state,
        int nextMove,
        int slotsMoved,
        long keysMoved,
        boolean resumed,
        List<OversizedKey> oversized) {

    /** Where a rebalance stands. */
    public enum State {
        /** Planned, nothing changed (no {@code --confirm}). */
        PLANNED,
        /** Moving slots; also the state a killed run leaves in the file. */
        RUNNING,
        /** Every move made. */
        DONE,
        /** Stopped at a move whose slot keeps keys MIGRATE refused. */
        STUCK;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public RebalanceProgress {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(state, "state");
        oversized = List.copyOf(oversized);
    }

    static RebalanceProgress start(RebalancePlan plan, State state) {
        return new RebalanceProgress(plan, state, 0, 0, 0, false, List.of());
    }

    RebalanceProgress with(State newState, int next, int slots, long keys, List<OversizedKey> refused) {
        return new RebalanceProgress(plan, newState, next, slots, keys, resumed, refused);
    }

    RebalanceProgress asResumed() {
        return new RebalanceProgress(plan, state, nextMove, slotsMoved, keysMoved, true, oversized);
    }

    /** The move in flight or next, if any remain. */
    public java.util.Optional<SlotMove> currentMove() {
        return nextMove < plan.moves().size()
                ? java.util.Optional.of(plan.moves().get(nextMove))
                : java.util.Optional.empty();
    }
}
