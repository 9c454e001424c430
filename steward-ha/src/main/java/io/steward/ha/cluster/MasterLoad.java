package io.steward.ha.cluster;

import io.steward.HostAndPort;
import java.util.BitSet;
import java.util.Map;

/**
 * What a rebalance plans from, for one master.
 *
 * @param id           node id
 * @param endpoint     where it listens
 * @param slots        the slots it serves
 * @param usedMemory   {@code used_memory} (0 when planning by slots)
 * @param datasetBytes {@code used_memory_dataset} (0 when planning by slots)
 * @param keysPerSlot  {@code CLUSTER COUNTKEYSINSLOT} of each slot holding keys (empty when planning by slots)
 */
record MasterLoad(
        String id,
        HostAndPort endpoint,
        BitSet slots,
        long usedMemory,
        long datasetBytes,
        Map<Integer, Long> keysPerSlot) {

    MasterLoad {
        slots = (BitSet) slots.clone();
        keysPerSlot = Map.copyOf(keysPerSlot);
    }

    int slotCount() {
        return slots.cardinality();
    }

    long keys() {
        return keysPerSlot.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The dataset bytes per key on this master: the estimate of what one key of a slot weighs. */
    double bytesPerKey() {
        long keys = keys();
        return keys == 0 ? 0 : (double) datasetBytes / keys;
    }
}
