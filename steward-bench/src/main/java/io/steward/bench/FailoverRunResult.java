package io.steward.bench;

import java.util.List;

/**
 * One kill -9 of the master with every client writing.
 *
 * @param run              1-based run number
 * @param killedMaster     the master that was killed
 * @param newMaster        the master Sentinel switched to, or null when no switch was seen
 * @param newMasterRole    the role the new master reported when the values were read back
 * @param switchSeconds    kill to the first {@code +switch-master} on any sentinel; null when not seen
 * @param lastSentinelSwitchSeconds kill to the moment the last sentinel had published {@code +switch-master};
 *                         null when some sentinel had not by the end of the run
 * @param clients          each client's outcome: Steward first, then the peers
 * @param stewardGapAfterSwitchSeconds Steward's gap minus {@code switchSeconds}; null when either is missing
 * @param stewardMeetsGoal whether Steward's gap ended at most {@link FailoverBenchmark#GOAL_AFTER_SWITCH_SECONDS}
 *                         after the first {@code +switch-master}
 */
record FailoverRunResult(
        int run,
        String killedMaster,
        String newMaster,
        String newMasterRole,
        Double switchSeconds,
        Double lastSentinelSwitchSeconds,
        List<ClientOutcome> clients,
        Double stewardGapAfterSwitchSeconds,
        boolean stewardMeetsGoal) {}
