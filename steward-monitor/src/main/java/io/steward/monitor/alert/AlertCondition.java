package io.steward.monitor.alert;

/**
 * The test of an {@link AlertRule}. It is only asked about observations that carry every one of the
 * rule's {@link AlertRule#inputs() inputs}, so it may read them without checking for absence.
 */
@FunctionalInterface
public interface AlertCondition {

    /** Whether the alerting condition holds for what {@code observation} saw. */
    boolean holds(Observation observation);
}
