package io.steward.ha.cluster;

import io.lettuce.core.RedisException;
import io.steward.HostAndPort;
import io.steward.StewardException;
import io.steward.ops.info.ClusterNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves one slot with the protocol {@code redis-cli --cluster} uses: {@code SETSLOT IMPORTING} on the
 * target, {@code SETSLOT MIGRATING} on the source, {@code GETKEYSINSLOT} + {@code MIGRATE} in batches
 * with a pause after each, then {@code SETSLOT NODE} on the target, the source and every other
 * master. Keys leave the source only through MIGRATE.
 *
 * <p>Every step looks at the state first, so a move interrupted at any point (the process killed, a
 * key too big) is finished by calling {@link #move} again with the same move.
 */
final class SlotMover {

    /** What one move did. */
    record Outcome(long keysMoved, List<OversizedKey> refused) {
        boolean finished() {
            return refused.isEmpty();
        }
    }

    private final NodeLinks links;
    private final RebalanceOptions options;

    SlotMover(NodeLinks links, RebalanceOptions options) {
        this.links = links;
        this.options = options;
    }

    /**
     * Moves (or finishes moving) {@code move.slot()} from {@code move.from()} to {@code move.to()}.
     *
     * @param otherMasters the masters to tell the new owner besides source and target
     * @return the keys moved; keys MIGRATE refused are listed and the slot then stays open
     */
    Outcome move(SlotMove move, List<HostAndPort> otherMasters) {
        int slot = move.slot();
        ClusterNode target = links.myself(move.to());
        ClusterNode source = links.myself(move.from());
        refuseForeignOpenState(move, target, source);
        if (!target.owns(slot) && !move.fromId().equals(target.importing().get(slot))) {
            links.on(move.to()).clusterSetSlotImporting(slot, move.fromId());
        }
        if (source.owns(slot) && !move.toId().equals(source.migrating().get(slot))) {
            links.on(move.from()).clusterSetSlotMigrating(slot, move.toId());
        }
        long moved = 0;
        List<OversizedKey> refused = new ArrayList<>();
        // bounded: each round moves at least one key or stops
        for (int round = 0; round < Integer.MAX_VALUE; round++) {
            List<String> keys = links.on(move.from()).clusterGetKeysInSlot(slot, options.pipeline());
            if (keys.isEmpty()) {
                break;
            }
            int before = refused.size();
            moved += migrate(move, keys, refused);
            if (refused.size() > before) {
                return new Outcome(moved, refused);
            }
            pause();
        }
        refuseUnlessSourceStillHolds(move);
        links.on(move.to()).clusterSetSlotNode(slot, move.toId());
        links.on(move.from()).clusterSetSlotNode(slot, move.toId());
        for (HostAndPort other : otherMasters) {
            if (other.equals(move.to()) || other.equals(move.from())) {
                continue;
            }
            try {
                links.on(other).clusterSetSlotNode(slot, move.toId());
            } catch (StewardException | RedisException e) {
                // best effort, as redis-cli: the new owner's higher epoch reaches it by gossip
            }
        }
        return new Outcome(moved, List.of());
    }

    /**
     * An IMPORTING or MIGRATING state naming a third node belongs to another move (or a half-done
     * one); overwriting it would strand that move's keys.
     */
    static void refuseForeignOpenState(SlotMove move, ClusterNode target, ClusterNode source) {
        int slot = move.slot();
        String importingFrom = target.importing().get(slot);
        String migratingTo = source.migrating().get(slot);
        if (importingFrom != null && !importingFrom.equals(move.fromId())) {
            throw foreign(
                    move, move.to() + " is importing slot " + slot + " from another node (" + importingFrom + ")");
        }
        if (migratingTo != null && !migratingTo.equals(move.toId())) {
            throw foreign(move, move.from() + " is migrating slot " + slot + " to another node (" + migratingTo + ")");
        }
    }

    private static ClusterAdminException foreign(SlotMove move, String what) {
        return new ClusterAdminException("will not move slot " + move.slot() + ": " + what
                + "; inspect with 'redis-cli -h " + move.from().host() + " -p "
                + move.from().port()
                + " cluster nodes' and run 'steward cluster fix' to see what it would do");
    }

    /**
     * Just before SETSLOT NODE: the source must still be the master migrating (or owning) the slot;
     * if it failed over meanwhile, its replica holds keys the target never got.
     */
    private void refuseUnlessSourceStillHolds(SlotMove move) {
        ClusterNode source = links.myself(move.from());
        boolean targetOwns = links.myself(move.to()).owns(move.slot());
        if (!targetOwns && (!source.id().equals(move.fromId()) || !RebalanceRun.resumable(source, move))) {
            throw new ClusterAdminException("will not give slot " + move.slot() + " to " + move.to() + ": "
                    + move.from() + " is no longer the master migrating it (failed over?); the slot stays open;"
                    + " run 'steward cluster check' and then 'steward cluster fix'");
        }
    }

    /** Migrates a batch; when the batch fails, key by key, listing the keys that still fail. */
    private long migrate(SlotMove move, List<String> keys, List<OversizedKey> refused) {
        long timeout = options.migrateTimeout().toMillis();
        try {
            links.migrate(move.from(), move.to(), keys, timeout);
            return keys.size();
        } catch (RedisException e) {
            long moved = 0;
            for (String key : keys) {
                try {
                    links.migrate(move.from(), move.to(), List.of(key), timeout);
                    moved++;
                } catch (RedisException single) {
                    refused.add(new OversizedKey(move.slot(), key, sizeOf(move.from(), key), firstLine(single)));
                }
            }
            return moved;
        }
    }

    private long sizeOf(HostAndPort node, String key) {
        try {
            Long bytes = links.on(node).memoryUsage(key);
            return bytes == null ? -1 : bytes;
        } catch (StewardException | RedisException e) {
            return -1;
        }
    }

    private static String firstLine(RuntimeException e) {
        String message = String.valueOf(e.getMessage());
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    private void pause() {
        if (options.pause().isZero()) {
            return;
        }
        try {
            Thread.sleep(options.pause().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterAdminException(
                    "interrupted while moving slots; run 'steward cluster rebalance --confirm' to resume", e);
        }
    }
}
