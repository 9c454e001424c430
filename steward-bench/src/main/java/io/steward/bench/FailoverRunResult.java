package io.steward.bench;

/**
 * One kill -9 of the master with both clients writing.
 *
 * @param run              1-based run number
 * @param killedMaster     the master that was killed
 * @param newMaster        the master Sentinel switched to, or null when no switch was seen
 * @param newMasterRole    the role the new master reported when the values were read back
 * @param switchSeconds    kill to {@code +switch-master} on the watched sentinel; null when not seen
 * @param steward          Steward's outcome
 * @param lettuce          the peer's outcome
 * @param ratio            steward gap / lettuce gap; null when either did not resume
 * @param stewardMeetsGoal whether Steward's gap was at most down-after + 2 s
 */
record FailoverRunResult(int run, String killedMaster, String newMaster, String newMasterRole, Double switchSeconds,
        ClientOutcome steward, ClientOutcome lettuce, Double ratio, boolean stewardMeetsGoal) {
}
