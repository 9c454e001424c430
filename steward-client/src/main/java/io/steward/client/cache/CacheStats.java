package io.steward.client.cache;

/**
 * Counts since the cache was created, over all regions.
 *
 * @param nearHits          reads answered by the near cache
 * @param nearMisses        reads the near cache could not answer (regions with a near cache)
 * @param redisHits         reads answered by Redis
 * @param redisMisses       reads Redis could not answer (absent, stale tag, corrupt)
 * @param loads             loader calls
 * @param loadFailures      loader calls that threw
 * @param loadNanos         time spent in loader calls
 * @param redisCalls        calls to Redis that completed (successfully or with an error)
 * @param redisNanos        time spent waiting for those calls
 * @param redisFailures     calls that failed or timed out
 * @param notPermitted      calls not made because the circuit was open
 * @param skippedWrites     writes, deletes and tag invalidations skipped while Redis was unavailable
 * @param replayedWrites    keys deleted or tags incremented in Redis after it returned, for skipped writes
 * @param droppedReplays    skipped writes that could not be remembered for replay (too many)
 * @param corruptValues     values in Redis that could not be decoded (read as misses)
 * @param invalidations     keys invalidated by messages from Redis
 * @param nearFlushes       times the whole near cache was dropped (connection lost, master switched)
 * @param refreshes         background reloads started by refresh-ahead
 * @param lagSamples        lag probes of other instances received (see {@link CacheOptions#lagProbeInterval()})
 * @param lagMillis         their lags added up: from another instance's write to this instance's invalidation
 * @param circuitState      the circuit breaker's state: CLOSED, OPEN or HALF_OPEN
 */
public record CacheStats(
        long nearHits,
        long nearMisses,
        long redisHits,
        long redisMisses,
        long loads,
        long loadFailures,
        long loadNanos,
        long redisCalls,
        long redisNanos,
        long redisFailures,
        long notPermitted,
        long skippedWrites,
        long replayedWrites,
        long droppedReplays,
        long corruptValues,
        long invalidations,
        long nearFlushes,
        long refreshes,
        long lagSamples,
        long lagMillis,
        String circuitState) {}
