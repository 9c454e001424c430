package io.steward.backup;

import java.util.List;

/**
 * The outcome of verifying a backup: every check that ran, in order. Verification stops at the
 * first failed integrity check of a part, since later checks would read corrupt data.
 *
 * @param id     the backup
 * @param drill  whether the backup was also restored into a throwaway server
 * @param checks the checks that ran
 */
public record VerifyReport(String id, boolean drill, List<Check> checks) {

    public VerifyReport {
        checks = List.copyOf(checks);
    }

    /** One check, such as {@code stored-sha256} or {@code drill-digest}, with what it found. */
    public record Check(String name, String target, boolean passed, String detail) {}

    public boolean passed() {
        return !checks.isEmpty() && checks.stream().allMatch(Check::passed);
    }

    /** The first failed check, if any. */
    public java.util.Optional<Check> firstFailure() {
        return checks.stream().filter(c -> !c.passed()).findFirst();
    }
}
