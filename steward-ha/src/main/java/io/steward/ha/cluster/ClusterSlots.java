package io.steward.ha.cluster;

import java.util.ArrayList;
import java.util.List;

/** Slot numbers and how they are written ({@code 5}, {@code 10-20}). */
final class ClusterSlots {

    static final int COUNT = 16384;
    static final int LAST = COUNT - 1;

    private ClusterSlots() {}

    /** Sorted slots as ranges: {@code [1, 2, 3, 7]} → {@code ["1-3", "7"]}. */
    static List<String> ranges(List<Integer> sorted) {
        List<String> ranges = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            int start = sorted.get(i);
            int end = start;
            while (i + 1 < sorted.size() && sorted.get(i + 1) == end + 1) {
                end = sorted.get(++i);
            }
            ranges.add(start == end ? String.valueOf(start) : start + "-" + end);
        }
        return ranges;
    }
}
