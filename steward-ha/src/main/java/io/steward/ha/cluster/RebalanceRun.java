package io.steward.ha.cluster;

import io.steward.HostAndPort;
import io.steward.ops.info.ClusterNode;
import java.util.List;
import java.util.function.Consumer;

/**
 * Carries out a plan move by move, recording in the {@link RebalanceStore} the move in flight before
 * it starts, so that a run killed at any point is resumed by the next one: that move is finished
 * first ({@link SlotMover} looks at the slot's state), then the rest follow.
 */
final class RebalanceRun {

    private final NodeLinks links;
    private final RebalanceStore store;
    private final RebalanceOptions options;
    private final List<HostAndPort> seeds;

    RebalanceRun(NodeLinks links, RebalanceStore store, RebalanceOptions options, List<HostAndPort> seeds) {
        this.links = links;
        this.store = store;
        this.options = options;
        this.seeds = seeds;
    }

    RebalanceProgress run(RebalanceProgress start, Consumer<RebalanceProgress> listener) {
        RebalanceProgress progress = start.with(
                RebalanceProgress.State.RUNNING, start.nextMove(), start.slotsMoved(), start.keysMoved(), List.of());
        List<HostAndPort> masters = ClusterView.read(links, seeds).liveMasters().stream()
                .map(ClusterNode::endpoint)
                .toList();
        SlotMover mover = new SlotMover(links, options);
        List<SlotMove> moves = progress.plan().moves();
        for (int i = progress.nextMove(); i < moves.size(); i++) {
            SlotMove move = moves.get(i);
            progress = progress.with(
                    RebalanceProgress.State.RUNNING, i, progress.slotsMoved(), progress.keysMoved(), List.of());
            store.save(progress);
            listener.accept(progress);
            if (alreadyMoved(move)) {
                continue;
            }
            SlotMover.Outcome outcome = mover.move(move, masters);
            if (!outcome.finished()) {
                progress = progress.with(
                        RebalanceProgress.State.STUCK,
                        i,
                        progress.slotsMoved(),
                        progress.keysMoved() + outcome.keysMoved(),
                        outcome.refused());
                store.save(progress);
                return progress;
            }
            progress = progress.with(
                    RebalanceProgress.State.RUNNING,
                    i + 1,
                    progress.slotsMoved() + 1,
                    progress.keysMoved() + outcome.keysMoved(),
                    List.of());
        }
        store.save(progress);
        Convergence.await(
                links,
                seeds,
                Convergence.DEFAULT_TIMEOUT,
                "every node to agree on the moved slots",
                ClusterView::agreed);
        store.delete();
        progress = progress.with(
                RebalanceProgress.State.DONE, moves.size(), progress.slotsMoved(), progress.keysMoved(), List.of());
        listener.accept(progress);
        return progress;
    }

    /**
     * Whether the target already serves the slot with nothing left open on either side (a run killed
     * after the move but before recording it).
     *
     * @throws ClusterAdminException when neither source nor target serves it: the cluster changed
     *                               since the plan was made
     */
    private boolean alreadyMoved(SlotMove move) {
        ClusterNode target = links.myself(move.to());
        ClusterNode source = links.myself(move.from());
        if (!source.id().equals(move.fromId()) || !target.id().equals(move.toId())) {
            throw stale(move, "a different node now listens on " + move.from() + " or " + move.to());
        }
        boolean open = source.migrating().containsKey(move.slot())
                || target.importing().containsKey(move.slot());
        if (target.owns(move.slot()) && !source.owns(move.slot()) && !open) {
            return true;
        }
        if (!target.owns(move.slot()) && !source.owns(move.slot()) && !open) {
            throw stale(move, "slot " + move.slot() + " is served by neither " + move.from() + " nor " + move.to());
        }
        return false;
    }

    private ClusterAdminException stale(SlotMove move, String why) {
        return new ClusterAdminException("the unfinished rebalance in " + store.file() + " no longer fits the cluster ("
                + why + "); drop it with 'steward cluster rebalance --abandon', run 'steward cluster fix --confirm',"
                + " then plan again");
    }
}
