package io.steward.ha.drill;

import java.util.ArrayList;
import java.util.List;

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
            boolean oldMasterRejoined) {
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
                    + limits.gapMarginMillis() + " ms: the client was slow to follow");
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
}
