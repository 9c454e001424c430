package io.steward.ha.sentinel;

import io.steward.HostAndPort;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What {@link SentinelAdmin#status()} found: every Sentinel's view, whether they agree, the replicas, stale
 * entries, and the problems among them as findings.
 *
 * @param at         when it was read
 * @param masterName the monitored master's name
 * @param master     the master most Sentinels name, or {@code null} when none does
 * @param agreed     whether every Sentinel answered and all name the same master
 * @param sentinels  one view per configured Sentinel, in configuration order
 * @param replicas   the replicas, from the master's INFO and the Sentinels' lists
 * @param stale      entries Sentinels list that nothing can fail over to
 * @param findings   the problems seen (disagreement, unreachable Sentinels, CKQUORUM, TILT, stale entries,
 *                   replicas not connected); empty when all is well
 */
public record SentinelStatus(
        Instant at,
        String masterName,
        HostAndPort master,
        boolean agreed,
        List<SentinelView> sentinels,
        List<ReplicaView> replicas,
        List<StaleEntry> stale,
        List<Finding> findings) {

    public SentinelStatus {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(masterName, "masterName");
        sentinels = List.copyOf(sentinels);
        replicas = List.copyOf(replicas);
        stale = List.copyOf(stale);
        findings = List.copyOf(findings);
    }

    /** Whether every Sentinel that answered passed {@code CKQUORUM}, and at least one answered. */
    public boolean quorumOk() {
        List<SentinelView> monitoring =
                sentinels.stream().filter(SentinelView::isMonitoring).toList();
        return !monitoring.isEmpty() && monitoring.stream().allMatch(SentinelView::quorumOk);
    }

    /** The most serious finding; {@link Finding.Severity#INFO} when there is none. */
    public Finding.Severity worst() {
        return ValidationReport.worstOf(findings);
    }
}
