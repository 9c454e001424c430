package io.steward.ops.health;

/** How bad a check's finding is, in increasing order. */
public enum Severity {
    /** Within thresholds. */
    OK,
    /** Degraded: still serving, but a threshold is crossed or redundancy is reduced. */
    WARN,
    /** Failing or about to lose data: act now. */
    CRITICAL;

    /** The worse of this and {@code other}. */
    public Severity worst(Severity other) {
        return other.compareTo(this) > 0 ? other : this;
    }

    /** Whether this is worse than {@code other}. */
    public boolean isWorseThan(Severity other) {
        return compareTo(other) > 0;
    }
}
