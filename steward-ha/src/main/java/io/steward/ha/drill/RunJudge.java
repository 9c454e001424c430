package io.steward.ha.drill;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Judges one run against the limits: a pure function of the figures, so every rule is tested without a
 * server (RunJudgeTest). A {@code null} loss was not measured (no switch: nothing to read back from).
 */
final class RunJudge {

    /** The verdict and the sentences that explain anything but a pass. */
    record Judgement(DrillVerdict verdict, List<String> findings) {}

    private RunJudge() {}

    static Judgement judge(
            DrillLimits limits,
            boolean durable,
            boolean rejoinExpected,
            Long switchMillis,
            long writeGapMillis,
            long ackedWrites,
            Long lostAckedWrites,
            long oldMasterAcceptedAfterSwitch,
            boolean oldMasterRejoined,
            Map<String, Long> writeErrors) {
        DrillVerdict verdict = DrillVerdict.PASS;
        List<String> findings = new ArrayList<>();
        if (switchMillis == null) {
            verdict = DrillVerdict.FAIL;
            findings.add("no switch within " + limits.runDeadlineMillis() + " ms of the fault");
        } else if (switchMillis > limits.switchWarnMillis()) {
            verdict = DrillVerdict.FAIL;
            findings.add("switch after " + switchMillis + " ms, beyond the failover timeout ("
                    + limits.switchWarnMillis() + " ms)");
        } else if (switchMillis > limits.switchPassMillis()) {
            verdict = DrillVerdict.WARN;
            findings.add("switch after " + switchMillis + " ms, more than the " + limits.switchPassMillis()
                    + " ms expected from the deployment's timeouts");
        }
        if (switchMillis != null && writeGapMillis > switchMillis + limits.gapMarginMillis()) {
            verdict = verdict.worst(DrillVerdict.WARN);
            findings.add("writes stopped for " + writeGapMillis + " ms, more than the switch plus "
                    + limits.gapMarginMillis() + " ms: " + gapCause(writeErrors));
        }
        if (ackedWrites == 0) {
            verdict = DrillVerdict.FAIL;
            findings.add("no write was acknowledged");
        }
        if (lostAckedWrites != null && lostAckedWrites > 0) {
            verdict = verdict.worst(durable ? DrillVerdict.FAIL : DrillVerdict.WARN);
            findings.add(lostAckedWrites + " acknowledged writes are missing from the new master"
                    + (durable
                            ? " although a replica had confirmed them"
                            : " (replication is asynchronous; --durable makes an acknowledgement wait for a replica)"));
        }
        if (oldMasterAcceptedAfterSwitch > 0) {
            verdict = verdict.worst(DrillVerdict.WARN);
            findings.add("the old master acknowledged " + oldMasterAcceptedAfterSwitch
                    + " writes after the switch, which its rejoin discards");
        }
        if (!oldMasterRejoined) {
            verdict = verdict.worst(rejoinExpected ? DrillVerdict.FAIL : DrillVerdict.WARN);
            findings.add("the old master did not rejoin as a replica of the new master"
                    + (rejoinExpected ? "" : " (it was shut down remotely: its service manager must restart it)"));
        }
        return new Judgement(verdict, findings);
    }

    /**
     * Why writes stopped longer than the switch, from what the writers were told: a master refusing
     * writes is not a slow client.
     */
    static String gapCause(Map<String, Long> writeErrors) {
        Long noReplicas = writeErrors.get("NOREPLICAS");
        if (noReplicas != null) {
            return "the master refused " + noReplicas + " writes with NOREPLICAS (fewer good replicas than"
                    + " min-replicas-to-write; is another replica down or paused?)";
        }
        Long notReplicated = writeErrors.get(DrillWriters.NOT_REPLICATED);
        if (notReplicated != null) {
            return notReplicated + " durable writes were not confirmed by every replica in time (a replica"
                    + " still resyncing or down)";
        }
        return "the client was slow to follow" + (writeErrors.isEmpty() ? "" : " (write errors: " + writeErrors + ")");
    }
}
