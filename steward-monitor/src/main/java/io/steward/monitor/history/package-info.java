/**
 * The embedded metrics history: per-node samples of the {@code INFO} fields that matter, the
 * entries of each node's slowlog and latency monitor, a timeline of events (failovers, restarts,
 * alerts, backups) and the alert history (every transition of every alert), kept in one SQLite file in the Steward home so the daemon can chart trends and
 * answer "what happened at 03:12" without an external time-series database.
 *
 * <p>Entry point: {@link io.steward.monitor.history.MetricsHistory#open}. Raw samples are rolled up
 * into 1-minute and 1-hour buckets by {@link io.steward.monitor.history.MetricsHistory#maintain()};
 * {@link io.steward.monitor.history.Retention} says how long each resolution is kept.
 */
package io.steward.monitor.history;
