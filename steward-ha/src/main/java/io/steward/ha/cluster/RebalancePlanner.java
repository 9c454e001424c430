package io.steward.ha.cluster;

import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Plans slot moves; a pure function of the masters' loads (no Redis), so every heuristic is tested
 * without a server.
 *
 * <ul>
 *   <li><b>By slots</b>: each master's target is {@code total / masters}, the remainder one each to
 *       the masters serving most now (fewest moves). Masters above target give their highest slots to
 *       the master furthest below target. Nothing moves when every master is within the threshold
 *       percentage of its target.
 *   <li><b>By memory</b>: masters above the mean {@code used_memory} by more than the threshold give
 *       slots to those below the mean. A slot's weight is its key count times its master's
 *       {@code used_memory_dataset / keys} (the average key size there). A source gives its heaviest
 *       slots first, skipping any heavier than what it still has to shed (no overshoot), each to the
 *       master with the largest remaining deficit; empty slots never move (they weigh nothing).
 *   <li><b>Drain</b>: every slot of one master goes to the others, round-robin from the one serving
 *       fewest, so that it can be removed.
 * </ul>
 */
final class RebalancePlanner {

    private RebalancePlanner() {}

    static RebalancePlan bySlots(List<MasterLoad> masters, double thresholdPct, Instant now) {
        int total = masters.stream().mapToInt(MasterLoad::slotCount).sum();
        int n = masters.size();
        List<MasterLoad> order = new ArrayList<>(masters);
        order.sort(Comparator.comparingInt(MasterLoad::slotCount).reversed().thenComparing(MasterLoad::id));
        int[] deficit = new int[n];
        int[] surplus = new int[n];
        boolean beyondThreshold = false;
        for (int i = 0; i < n; i++) {
            int target = total / n + (i < total % n ? 1 : 0);
            int delta = order.get(i).slotCount() - target;
            surplus[i] = Math.max(0, delta);
            deficit[i] = Math.max(0, -delta);
            if (Math.abs(delta) > Math.max(1, target) * thresholdPct / 100.0) {
                beyondThreshold = true;
            }
        }
        List<SlotMove> moves = new ArrayList<>();
        if (beyondThreshold) {
            for (int i = 0; i < n; i++) {
                MasterLoad source = order.get(i);
                BitSet slots = source.slots();
                for (int s = slots.previousSetBit(ClusterSlots.LAST);
                        s >= 0 && surplus[i] > 0;
                        s = slots.previousSetBit(s - 1)) {
                    int to = largest(deficit);
                    if (deficit[to] == 0) {
                        break;
                    }
                    moves.add(move(s, source, order.get(to)));
                    surplus[i]--;
                    deficit[to]--;
                }
            }
        }
        return new RebalancePlan(RebalancePlan.By.SLOTS, now, moves);
    }

    static RebalancePlan byMemory(List<MasterLoad> masters, double thresholdPct, Instant now) {
        double mean =
                masters.stream().mapToLong(MasterLoad::usedMemory).average().orElse(0);
        double margin = mean * thresholdPct / 100.0;
        List<MasterLoad> order = new ArrayList<>(masters);
        order.sort(Comparator.comparingLong(MasterLoad::usedMemory).reversed().thenComparing(MasterLoad::id));
        double[] deficit = new double[order.size()];
        for (int i = 0; i < order.size(); i++) {
            deficit[i] = Math.max(0, mean - order.get(i).usedMemory());
        }
        List<SlotMove> moves = new ArrayList<>();
        for (MasterLoad source : order) {
            double excess = source.usedMemory() - mean;
            if (excess <= margin) {
                continue;
            }
            double perKey = source.bytesPerKey();
            List<Map.Entry<Integer, Long>> heaviest =
                    new ArrayList<>(source.keysPerSlot().entrySet());
            heaviest.sort(
                    Map.Entry.<Integer, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
            for (Map.Entry<Integer, Long> slot : heaviest) {
                double weight = slot.getValue() * perKey;
                int to = largest(deficit);
                if (weight <= 0 || deficit[to] <= 0 || excess <= margin) {
                    break;
                }
                if (weight > excess || !source.slots().get(slot.getKey())) {
                    continue;
                }
                moves.add(move(slot.getKey(), source, order.get(to)));
                excess -= weight;
                deficit[to] -= weight;
            }
        }
        return new RebalancePlan(RebalancePlan.By.MEMORY, now, moves);
    }

    static RebalancePlan drain(MasterLoad leaving, List<MasterLoad> others, Instant now) {
        List<MasterLoad> order = new ArrayList<>(others);
        order.sort(Comparator.comparingInt(MasterLoad::slotCount).thenComparing(MasterLoad::id));
        List<SlotMove> moves = new ArrayList<>();
        BitSet slots = leaving.slots();
        int i = 0;
        for (int s = slots.nextSetBit(0); s >= 0; s = slots.nextSetBit(s + 1)) {
            moves.add(move(s, leaving, order.get(i++ % order.size())));
        }
        return new RebalancePlan(RebalancePlan.By.DRAIN, now, moves);
    }

    private static SlotMove move(int slot, MasterLoad from, MasterLoad to) {
        return new SlotMove(slot, from.id(), from.endpoint(), to.id(), to.endpoint());
    }

    private static int largest(int[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    private static int largest(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
