package io.steward.bench;

/**
 * One kill -9 of the master with both clients writing.
 *
 * @param run              1-based run number
 * @param killedMaster     the master that was killed
 * @param newMaster        the master Sentinel switched to, or null when no switch was seen
 * @param newMasterRole    the role the new master reported when the values were read back
 * @param switchSeconds    kill to the first {@code +switch-master} on any sentinel; null when not seen
 * @param lastSentinelSwitchSeconds kill to the moment the last sentinel had published {@code +switch-master};
 *                         null when some sentinel had not by the end of the run
 * @param steward          Steward's outcome
 * @param lettuce          the peer's outcome
 * @param ratio            steward gap / lettuce gap; null when either did not resume
 * @param stewardMeetsGoal whether Steward's gap was at most down-after + 2 s
 */
record FailoverRunResult(
        int run,
        String killedMaster,
        String newMaster,
        String newMasterRole,
        Double switchSeconds,
        Double lastSentinelSwitchSeconds,
        ClientOutcome steward,
        ClientOutcome lettuce,
        Double ratio,
        boolean stewardMeetsGoal) {}
