/**
 * Alerting as pure, clock-driven logic: {@link io.steward.monitor.alert.AlertRule}s judged against the
 * {@link io.steward.monitor.alert.Observation}s of one evaluation round by an
 * {@link io.steward.monitor.alert.AlertEngine}, which returns the round's
 * {@link io.steward.monitor.alert.AlertTransition}s (pending, firing, repeat, resolved).
 *
 * <p>Nothing here connects, schedules or notifies: the caller collects observations, calls
 * {@link io.steward.monitor.alert.AlertEngine#evaluate(java.util.List)} on its own schedule and delivers
 * the transitions. {@link io.steward.monitor.alert.AlertRules#defaults()} holds the built-in rule set.
 */
package io.steward.monitor.alert;
