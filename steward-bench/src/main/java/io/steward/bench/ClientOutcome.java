package io.steward.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one client under test did around one kill.
 *
 * @param client                 {@code steward}, {@code lettuce} or {@code redisson}
 * @param gapSeconds             kill to the moment every writer had a write acknowledged that it issued
 *                               after the old master died; null when some writer did not resume in time
 * @param firstWriterGapSeconds  the same for the first writer to resume; null when none resumed
 * @param writerGapsSeconds      per writer; null for a writer that did not resume
 * @param resumedWriters         writers that resumed
 * @param acknowledgedBeforeKill writes acknowledged on the before-kill keys, all writers
 * @param lostAcknowledged       of those, how many the new master does not hold
 * @param acknowledgedWrites     all acknowledged writes in the run
 * @param failedWrites           all failed attempts in the run (errors and timeouts)
 * @param longestRetriedWriteSeconds the longest one value took from its first attempt to its
 *                               acknowledgement, retries after errors included: the timeout a caller that
 *                               retries needs so that no error reaches it
 */
record ClientOutcome(
        String client,
        Double gapSeconds,
        Double firstWriterGapSeconds,
        List<Double> writerGapsSeconds,
        int resumedWriters,
        long acknowledgedBeforeKill,
        long lostAcknowledged,
        long acknowledgedWrites,
        long failedWrites,
        double longestRetriedWriteSeconds) {

    /**
     * @param stored the before-kill key of each writer mapped to what the new master holds (null when absent)
     */
    static ClientOutcome of(WriterGroup group, long killedAt, Map<String, String> stored) {
        List<Double> gaps = new ArrayList<>();
        long ackedBefore = 0;
        long lost = 0;
        long acked = 0;
        long failed = 0;
        long longestRetried = 0;
        for (CounterWriter w : group.writers()) {
            gaps.add(w.hasResumed() ? Seconds.of(w.resumedAt() - killedAt) : null);
            ackedBefore += w.lastAcknowledgedBeforeKill();
            String value = stored.get(w.keyBeforeKill());
            long held = value == null ? 0 : Long.parseLong(value);
            lost += Math.max(0, w.lastAcknowledgedBeforeKill() - held);
            acked += w.acknowledged();
            failed += w.failed();
            longestRetried = Math.max(longestRetried, w.longestRetriedWriteNanos());
        }
        int resumed = (int) gaps.stream().filter(Objects::nonNull).count();
        Summary summary = Summary.of(gaps);
        Double gap = resumed == gaps.size() ? summary.max() : null;
        return new ClientOutcome(
                group.client(),
                gap,
                summary.min(),
                Collections.unmodifiableList(gaps),
                resumed,
                ackedBefore,
                lost,
                acked,
                failed,
                Seconds.of(longestRetried));
    }
}
