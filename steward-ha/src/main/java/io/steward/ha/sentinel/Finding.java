package io.steward.ha.sentinel;

import java.util.Objects;

/**
 * One result of {@link SentinelAdmin#validate()} or of the checks {@link SentinelAdmin#status()} makes:
 * what was checked, how bad it is, what was seen and how to fix it.
 *
 * @param check    a stable name such as {@code sentinel-count} or {@code replica-sync}
 * @param severity how bad it is; {@link Severity#INFO} for a check that passed
 * @param detail   what was seen, with the figures
 * @param fix      what to do about it; empty for a check that passed
 */
public record Finding(String check, Severity severity, String detail, String fix) {

    /** How bad a finding is. Ordered from harmless to serious. */
    public enum Severity {
        /** The check passed, or the finding is only informative. */
        INFO,
        /** Works now, but against safe practice. */
        WARNING,
        /** Unsafe now: a failover may be impossible or lose writes. */
        ERROR
    }

    public Finding {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(detail, "detail");
        fix = fix == null ? "" : fix;
    }

    static Finding ok(String check, String detail) {
        return new Finding(check, Severity.INFO, detail, "");
    }

    static Finding warning(String check, String detail, String fix) {
        return new Finding(check, Severity.WARNING, detail, fix);
    }

    static Finding error(String check, String detail, String fix) {
        return new Finding(check, Severity.ERROR, detail, fix);
    }
}
