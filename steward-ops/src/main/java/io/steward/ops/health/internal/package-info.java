/**
 * Implementation of health checks; may change without notice. Collection
 * ({@link io.steward.ops.health.internal.ProbingHealthMonitor}, which talks to servers) is kept apart
 * from evaluation (the package-private {@code *Rules} classes, pure functions from observations and
 * thresholds to checks) so that every threshold is tested without a server.
 */
package io.steward.ops.health.internal;
