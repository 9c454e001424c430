/**
 * Reading the metrics history for people: {@link io.steward.monitor.trend.TrendAnalyzer} summarises a
 * window (peaks, averages, hit ratio, evictions, slow commands, latency spikes, events) and
 * {@link io.steward.monitor.trend.CapacityPlanner} fits growth lines to memory, keys and clients and
 * projects when each master reaches its {@code maxmemory}, with a recommendation and advice.
 *
 * <p>Both are functions of a {@link io.steward.monitor.history.MetricsHistory}, whose injected clock says
 * where a window ends: they read rollups at the resolution the window needs, return records and never
 * print. The CLI
 * ({@code steward analyze}, {@code steward capacity}) and the daemon render them.
 */
package io.steward.monitor.trend;
