/**
 * Sentinel administration: what every sentinel believes ({@code status}), checks against safe
 * practice ({@code validate}), a failover that waits until the roles and every sentinel confirm it,
 * cleaning stale replica entries ({@code reset}), and {@link io.steward.ha.sentinel.SentinelEventStream},
 * the subscription to the sentinels' events that the drill and the daemon share.
 */
package io.steward.ha.sentinel;
