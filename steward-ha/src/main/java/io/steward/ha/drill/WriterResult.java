package io.steward.ha.drill;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one writer of a run achieved. A writer retries a failed write with the same key until it is
 * acknowledged, so its acknowledged keys are exactly {@code keyPrefix + 0} to
 * {@code keyPrefix + (ackedWrites - 1)}, each holding its sequence number.
 *
 * @param writer         the writer's number, from 0
 * @param keyPrefix      the prefix of this writer's keys, ending in {@code :}
 * @param ackedWrites    writes acknowledged (by the master, or by a replica too when durable)
 * @param failedAttempts attempts that failed or timed out and were retried
 * @param writeGapMillis the longest time this writer went without an acknowledged write
 * @param errors         failed attempts by kind: the Redis error code ({@code NOREPLICAS}, {@code READONLY},
 *                       {@code MOVED}), {@code TIMEOUT}, {@code DISCONNECTED}, or {@code NOT_REPLICATED}
 *                       for a durable write {@code WAIT} did not confirm in time
 */
public record WriterResult(
        int writer,
        String keyPrefix,
        long ackedWrites,
        long failedAttempts,
        long writeGapMillis,
        Map<String, Long> errors) {

    public WriterResult {
        errors = Map.copyOf(errors);
    }

    /** The keys this writer had acknowledged, in order. */
    public List<String> ackedKeys() {
        List<String> keys = new ArrayList<>((int) Math.min(ackedWrites, Integer.MAX_VALUE - 8));
        for (long seq = 0; seq < ackedWrites; seq++) {
            keys.add(keyPrefix + seq);
        }
        return keys;
    }

    /** The value an acknowledged key holds: its sequence number. */
    static String expectedValue(String key) {
        return key.substring(key.lastIndexOf(':') + 1);
    }
}
