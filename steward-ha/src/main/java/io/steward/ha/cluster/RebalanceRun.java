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
        ClusterView view = ClusterView.read(links, seeds);
        if (start.resumed()) {
            refuseUnlessHealthy(view, start.currentMove());
        }
        List<HostAndPort> masters =
                view.liveMasters().stream().map(ClusterNode::endpoint).toList();
        SlotMover mover = new SlotMover(links, options);
        List<SlotMove> moves = progress.plan().moves();
        for (int i = progress.nextMove(); i < moves.size(); i++) {
            SlotMove move = moves.get(i);
            progress = progress.with(
                    RebalanceProgress.State.RUNNING, i, progress.slotsMoved(), progress.keysMoved(), List.of());
            store.save(progress);
            listener.accept(progress);
            if (alreadyMoved(move)) {
                // Finished before an interruption that came ahead of its progress save: it counts as moved.
                progress = progress.with(
                        RebalanceProgress.State.RUNNING,
                        i + 1,
                        progress.slotsMoved() + 1,
                        progress.keysMoved(),
                        List.of());
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
        refuseDoneWhileOpen();
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
        int slot = move.slot();
        boolean open =
                source.migrating().containsKey(slot) || target.importing().containsKey(slot);
        if (target.owns(slot) && !source.owns(slot) && !open) {
            return true;
        }
        if (target.owns(slot)) {
            return false;
        }
        // The target importing proves nothing: if the source failed over, its replica owns the slot
        // with keys the target never got, and SETSLOT NODE would hand the slot over without them.
        if (!resumable(source, move)) {
            throw stale(
                    move,
                    "slot " + slot + " is neither owned nor being migrated to " + move.to() + " by the master "
                            + move.from());
        }
        return false;
    }

    /** DONE means no slot is open anywhere: a slot left MIGRATING/IMPORTING is not finished. */
    private void refuseDoneWhileOpen() {
        for (NodeView v : ClusterView.read(links, seeds).answering()) {
            ClusterNode me = v.myself().orElse(null);
            if (me != null && (!me.migrating().isEmpty() || !me.importing().isEmpty())) {
                throw new ClusterAdminException("every move of the rebalance in " + store.file() + " ran, but "
                        + v.endpoint() + " still holds slot(s) open (migrating "
                        + me.migrating().keySet()
                        + ", importing " + me.importing().keySet() + "); run 'steward cluster rebalance --abandon',"
                        + " then 'steward cluster fix --confirm'");
            }
        }
    }

    /** Whether the source is still a master that owns the slot or migrates it to the target. */
    static boolean resumable(ClusterNode source, SlotMove move) {
        return source.isMaster()
                && (source.owns(move.slot())
                        || move.toId().equals(source.migrating().get(move.slot())));
    }

    /**
     * A resumed run starts only on a healthy cluster: no node failing, and all nodes agreeing on
     * every slot except the one the plan left open.
     */
    private void refuseUnlessHealthy(ClusterView view, java.util.Optional<SlotMove> current) {
        java.util.Optional<ClusterNode> failing =
                view.nodes().stream().filter(ClusterNode::isFailing).findFirst();
        if (failing.isPresent()) {
            throw new ClusterAdminException("cannot resume the rebalance in " + store.file() + ": node "
                    + failing.get().endpoint() + " is failing (" + failing.get().flags()
                    + "); bring it back or remove it, check with 'steward cluster check', then run"
                    + " 'steward cluster rebalance --confirm' again");
        }
        int open = current.map(SlotMove::slot).orElse(-1);
        String[] owners = view.consensus().owners();
        for (NodeView v : view.answering()) {
            String[] theirs = v.owners();
            for (int s = 0; s < owners.length; s++) {
                if (s != open && !java.util.Objects.equals(owners[s], theirs[s])) {
                    throw new ClusterAdminException("cannot resume the rebalance in " + store.file() + ": "
                            + v.endpoint() + " disagrees on the owner of slot " + s
                            + "; wait for the nodes to agree ('steward cluster check'), then run"
                            + " 'steward cluster rebalance --confirm' again");
                }
            }
        }
    }

    private ClusterAdminException stale(SlotMove move, String why) {
        return new ClusterAdminException("the unfinished rebalance in " + store.file() + " no longer fits the cluster ("
                + why + "); drop it with 'steward cluster rebalance --abandon', run 'steward cluster fix --confirm',"
                + " then plan again");
    }
}
