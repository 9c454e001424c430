/**
 * The output of Redis and Sentinel {@code INFO}, parsed into an immutable
 * {@link io.steward.ops.info.InfoSnapshot} with typed accessors for the fields health checks,
 * metrics and alerts read (Redis 7.0 field names); and what Sentinels say about a master:
 * one Sentinel's {@link io.steward.ops.info.SentinelMasterView} and the
 * {@link io.steward.ops.info.SentinelVotes} that decide which master they name.
 */
package io.steward.ops.info;
