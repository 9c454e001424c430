package io.steward.client.cache.internal;

import io.steward.client.cache.CacheStats;
import java.util.concurrent.atomic.LongAdder;

/** The cache's running counts; cheap to increment from many threads. */
public final class Counters {

    final HitCounter nearHits = new HitCounter();
    final LongAdder nearMisses = new LongAdder();
    final LongAdder redisHits = new LongAdder();
    final LongAdder redisMisses = new LongAdder();
    final LongAdder loads = new LongAdder();
    final LongAdder loadFailures = new LongAdder();
    final LongAdder loadNanos = new LongAdder();
    final LongAdder redisCalls = new LongAdder();
    final LongAdder redisNanos = new LongAdder();
    final LongAdder redisFailures = new LongAdder();
    final LongAdder notPermitted = new LongAdder();
    final LongAdder skippedWrites = new LongAdder();
    final LongAdder replayedWrites = new LongAdder();
    final LongAdder droppedReplays = new LongAdder();
    final LongAdder corruptValues = new LongAdder();
    final LongAdder invalidations = new LongAdder();
    final LongAdder nearFlushes = new LongAdder();
    final LongAdder refreshes = new LongAdder();
    final LongAdder lagSamples = new LongAdder();
    final LongAdder lagMillis = new LongAdder();

    CacheStats snapshot(String circuitState) {
        return new CacheStats(
                nearHits.sum(),
                nearMisses.sum(),
                redisHits.sum(),
                redisMisses.sum(),
                loads.sum(),
                loadFailures.sum(),
                loadNanos.sum(),
                redisCalls.sum(),
                redisNanos.sum(),
                redisFailures.sum(),
                notPermitted.sum(),
                skippedWrites.sum(),
                replayedWrites.sum(),
                droppedReplays.sum(),
                corruptValues.sum(),
                invalidations.sum(),
                nearFlushes.sum(),
                refreshes.sum(),
                lagSamples.sum(),
                lagMillis.sum(),
                circuitState);
    }
}
