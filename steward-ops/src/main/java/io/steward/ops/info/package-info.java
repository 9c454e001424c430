/**
 * The output of Redis and Sentinel {@code INFO}, parsed into an immutable
 * {@link io.steward.ops.info.InfoSnapshot} with typed accessors for the fields health checks,
 * metrics and alerts read (Redis 7.0 field names).
 */
package io.steward.ops.info;
