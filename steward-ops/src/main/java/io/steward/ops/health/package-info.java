/**
 * Health of a Redis deployment: every data node, Sentinel and cluster judged against the
 * {@link io.steward.ops.config.Thresholds} of {@code steward.yaml}.
 *
 * <p>{@link io.steward.ops.health.HealthMonitor} connects to the servers and returns a
 * {@link io.steward.ops.health.HealthReport} of {@link io.steward.ops.health.HealthCheck}s, each with a
 * {@link io.steward.ops.health.Severity}. Unreachable servers are checks, not exceptions. The report is
 * a value: rendering it and choosing an exit code belong to the CLI and the server.
 */
package io.steward.ops.health;
