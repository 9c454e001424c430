package io.steward.ha.cluster;

import java.util.List;

/**
 * What {@code cluster fix} did, or would do without {@code --confirm}.
 *
 * @param applied   whether the actions were carried out
 * @param actions   one per open or uncovered slot (ranges of uncovered slots grouped)
 * @param oversized keys MIGRATE refused while finishing a move; their slots stay open
 */
public record FixReport(boolean applied, List<Action> actions, List<OversizedKey> oversized) {

    public FixReport {
        actions = List.copyOf(actions);
        oversized = List.copyOf(oversized);
    }

    /** Whether any slot was left alone because acting on it could lose keys. */
    public boolean refusedAny() {
        return actions.stream().anyMatch(a -> a.kind().equals("refused"));
    }

    /**
     * One repair.
     *
     * @param kind   {@code finish-move} (an open slot moved on to the importing node),
     *               {@code close-slot} (an open slot left with its owner) or {@code assign-slots}
     *               (uncovered slots given to the master holding their keys, else the one with
     *               fewest slots) or {@code refused} (a slot left as it is because acting could lose
     *               keys; the detail says what, where, and the redis-cli command to inspect it)
     * @param slots  the slots, as {@code 5} or {@code 10-20}
     * @param detail what is done, naming the nodes
     */
    public record Action(String kind, String slots, String detail) {}
}
