package io.steward.ha.cluster;

import io.steward.HostAndPort;
import java.util.Objects;

/**
 * One hash slot to move between masters.
 *
 * @param slot   the hash slot, 0..16383
 * @param fromId the node id of the master serving it now
 * @param from   that master's endpoint
 * @param toId   the node id of the master to serve it
 * @param to     that master's endpoint
 */
public record SlotMove(int slot, String fromId, HostAndPort from, String toId, HostAndPort to) {

    public SlotMove {
        if (slot < 0 || slot > 16383) {
            throw new IllegalArgumentException("slot must be 0..16383, was " + slot);
        }
        Objects.requireNonNull(fromId, "fromId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(toId, "toId");
        Objects.requireNonNull(to, "to");
    }
}
