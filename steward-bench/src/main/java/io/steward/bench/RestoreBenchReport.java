package io.steward.bench;

import java.util.List;
import java.util.Map;

/**
 * Result of the {@code restore} benchmark: keys per second of {@code steward restore} and of
 * {@code redis-cli --pipe} replaying the same RESTORE commands.
 *
 * @param benchmark  always {@code restore}
 * @param parameters the run parameters and what was measured
 * @param dataset    what the backup held
 * @param steward    what Steward ran
 * @param peer       what the peer ran
 * @param goal       the goal and whether the ratio of medians met it
 * @param median     medians and their ratios
 * @param stewardKeysPerSecond min, median and max over the runs (call to return)
 * @param peerKeysPerSecond    min, median and max over the runs
 * @param runs       every run
 */
record RestoreBenchReport(
        String benchmark,
        Map<String, Object> parameters,
        Map<String, Object> dataset,
        String steward,
        String peer,
        Goal goal,
        Medians median,
        Summary stewardKeysPerSecond,
        Summary peerKeysPerSecond,
        List<Run> runs) {

    /**
     * @param ratioAtLeast Steward keys/s ÷ peer keys/s must be at least this
     * @param ratio        the ratio of the medians, Steward timed from the restore call to its return
     * @param met          whether it was
     */
    record Goal(double ratioAtLeast, Double ratio, boolean met) {}

    /**
     * @param stewardKeysPerSecond         keys / wall time of the restore call (its integrity check included)
     * @param stewardTransferKeysPerSecond keys / the key transfer alone (RestoreReport.took)
     * @param peerKeysPerSecond            keys / wall time of redis-cli --pipe
     * @param ratio                        stewardKeysPerSecond / peerKeysPerSecond
     * @param transferRatio                stewardTransferKeysPerSecond / peerKeysPerSecond
     */
    record Medians(
            Double stewardKeysPerSecond,
            Double stewardTransferKeysPerSecond,
            Double peerKeysPerSecond,
            Double ratio,
            Double transferRatio) {}

    /**
     * @param run     1-based run number
     * @param first   which contestant went first in this run (the order alternates)
     * @param steward Steward's measurement
     * @param peer    the peer's measurement
     * @param ratio   steward keys/s / peer keys/s in this run
     */
    record Run(int run, String first, Side steward, Side peer, Double ratio) {}

    /**
     * @param seconds               wall time: the {@code BackupEngine.restore} call, or bash start to exit
     * @param keys                  keys the server acknowledged (and DBSIZE afterwards)
     * @param keysPerSecond         keys / seconds
     * @param transferSeconds       Steward: the key transfer alone, after verification (RestoreReport.took); peer: null
     * @param transferKeysPerSecond keys / transferSeconds
     * @param clientCpuSeconds      CPU time of the client side: the whole JVM for Steward, redis-cli for the peer
     * @param serverCpuSeconds      CPU time of redis-server and its fork children (AOF rewrites)
     * @param serverForks           forks the server made meanwhile (INFO total_forks)
     */
    record Side(
            double seconds,
            long keys,
            double keysPerSecond,
            Double transferSeconds,
            Double transferKeysPerSecond,
            Double clientCpuSeconds,
            Double serverCpuSeconds,
            long serverForks) {}
}
