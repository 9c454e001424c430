package io.steward.bench;

import java.util.List;
import java.util.Map;

/**
 * Result of the {@code backup} benchmark: RDB throughput of {@code steward backup create} and of
 * the shell pipeline a user would write instead.
 *
 * @param benchmark  always {@code backup}
 * @param parameters the run parameters and what was measured
 * @param dataset    what the server held
 * @param steward    what Steward ran
 * @param peer       what the peer ran
 * @param goal       the goal and whether the ratio of medians met it
 * @param median     medians and their ratio
 * @param stewardMbPerSecond min, median and max over the runs (MB = 10^6 raw RDB bytes)
 * @param peerMbPerSecond    min, median and max over the runs
 * @param runs       every run
 */
record BackupBenchReport(
        String benchmark,
        Map<String, Object> parameters,
        Map<String, Object> dataset,
        String steward,
        String peer,
        Goal goal,
        Medians median,
        Summary stewardMbPerSecond,
        Summary peerMbPerSecond,
        List<Run> runs) {

    /**
     * @param ratioAtLeast Steward MB/s ÷ peer MB/s must be at least this
     * @param ratio        the ratio of the medians
     * @param met          whether it was
     */
    record Goal(double ratioAtLeast, Double ratio, boolean met) {}

    /**
     * @param stewardMbPerSecond median of Steward's runs
     * @param peerMbPerSecond    median of the peer's runs
     * @param ratio              stewardMbPerSecond / peerMbPerSecond
     * @param stewardSeconds     median wall time of Steward's runs
     * @param peerSeconds        median wall time of the peer's runs
     */
    record Medians(
            Double stewardMbPerSecond,
            Double peerMbPerSecond,
            Double ratio,
            Double stewardSeconds,
            Double peerSeconds) {}

    /**
     * @param run     1-based run number
     * @param first   which contestant went first in this run (the order alternates)
     * @param steward Steward's measurement
     * @param peer    the peer's measurement
     * @param ratio   steward MB/s / peer MB/s in this run
     */
    record Run(int run, String first, Side steward, Side peer, Double ratio) {}

    /**
     * @param seconds          wall time: the {@code BackupEngine.create} call, or bash start to exit
     * @param rawBytes         RDB bytes transferred
     * @param storedBytes      bytes written to disk (compressed; Steward's also encrypted)
     * @param storedRatio      storedBytes / rawBytes
     * @param mbPerSecond      rawBytes / 10^6 / seconds
     * @param firstByteSeconds start to the first RDB byte (Steward only; null for the peer)
     * @param clientCpuSeconds CPU time of the client side: the whole JVM for Steward, redis-cli + zstd for the peer
     * @param serverCpuSeconds CPU time of redis-server and its fork children
     * @param serverForks      forks the server made meanwhile (INFO total_forks)
     */
    record Side(
            double seconds,
            long rawBytes,
            long storedBytes,
            double storedRatio,
            double mbPerSecond,
            Double firstByteSeconds,
            Double clientCpuSeconds,
            Double serverCpuSeconds,
            long serverForks) {}
}
