package io.steward.ha.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.steward.HostAndPort;
import java.time.Instant;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RebalancePlannerTest {

    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

    @Test
    void bySlotsGivesAnEmptyNewMasterAnEvenShare() {
        List<MasterLoad> masters =
                List.of(master("a", 0, 5460), master("b", 5461, 10922), master("c", 10923, 16383), master("d", -1, -1));

        RebalancePlan plan = RebalancePlanner.bySlots(masters, 2.0, NOW);

        assertThat(plan.moves()).hasSize(4096);
        assertThat(plan.moves()).allMatch(m -> m.toId().equals("d"));
        Map<String, Long> given =
                plan.moves().stream().collect(Collectors.groupingBy(SlotMove::fromId, Collectors.counting()));
        assertThat(given).containsOnlyKeys("a", "b", "c");
        assertThat(given.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(4096);
        assertThat(plan.moves()).extracting(SlotMove::slot).doesNotHaveDuplicates();
    }

    @Test
    void bySlotsLeavesMastersWithinTheThresholdAlone() {
        List<MasterLoad> masters = List.of(master("a", 0, 5470), master("b", 5471, 10922), master("c", 10923, 16383));

        assertThat(RebalancePlanner.bySlots(masters, 2.0, NOW).isEmpty()).isTrue();
        assertThat(RebalancePlanner.bySlots(masters, 0.0, NOW).moves()).isNotEmpty();
    }

    @Test
    void byMemoryMovesHeaviestSlotsFromAboveTheMeanWithoutOvershooting() {
        Map<Integer, Long> heavy = new HashMap<>();
        heavy.put(1, 1000L);
        heavy.put(2, 500L);
        heavy.put(3, 10L);
        // a: 1510 keys of 1000 bytes each; b and c nearly empty
        MasterLoad a = new MasterLoad("a", HostAndPort.of("h", 1), slots(0, 5460), 1_600_000, 1_510_000, heavy);
        MasterLoad b = new MasterLoad("b", HostAndPort.of("h", 2), slots(5461, 10922), 100_000, 0, Map.of());
        MasterLoad c = new MasterLoad("c", HostAndPort.of("h", 3), slots(10923, 16383), 100_000, 0, Map.of());

        RebalancePlan plan = RebalancePlanner.byMemory(List.of(a, b, c), 2.0, NOW);

        // mean 600 000: a sheds up to 1 000 000; slot 1 (1 000 000) fits exactly, slot 2 would overshoot
        assertThat(plan.moves()).extracting(SlotMove::slot).containsExactly(1);
        assertThat(plan.moves().get(0).fromId()).isEqualTo("a");
    }

    @Test
    void drainSpreadsEverySlotOfTheLeavingMaster() {
        RebalancePlan plan =
                RebalancePlanner.drain(master("a", 0, 9), List.of(master("b", 10, 20), master("c", 21, 40)), NOW);

        assertThat(plan.moves()).hasSize(10);
        Map<String, Long> taken =
                plan.moves().stream().collect(Collectors.groupingBy(SlotMove::toId, Collectors.counting()));
        assertThat(taken).containsEntry("b", 5L).containsEntry("c", 5L);
    }

    private static MasterLoad master(String id, int from, int to) {
        return new MasterLoad(id, HostAndPort.of("127.0.0.1", 7000 + id.charAt(0)), slots(from, to), 0, 0, Map.of());
    }

    private static BitSet slots(int from, int to) {
        BitSet slots = new BitSet();
        if (from >= 0) {
            slots.set(from, to + 1);
        }
        return slots;
    }
}
