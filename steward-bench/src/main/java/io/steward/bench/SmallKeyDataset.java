package io.steward.bench;

import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The scrape benchmark's data set: small strings {@code k:<i>} of {@link #VALUE_BYTES} hex
 * characters, one in {@link #EXPIRING_EVERY} with a TTL a week ahead, so that {@code INFO keyspace}
 * reports keys and expiring keys. Written pipelined ({@link PipelinedWrites}); the same seed gives
 * the same data.
 */
final class SmallKeyDataset {

    static final int VALUE_BYTES = 32;
    static final int EXPIRING_EVERY = 10;
    static final Duration TTL = Duration.ofDays(7);

    private static final long SEED = 20_251_124L;
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final int keys;

    SmallKeyDataset(int keys) {
        this.keys = keys;
    }

    int keys() {
        return keys;
    }

    /** Keys with a TTL: those whose index is a multiple of {@link #EXPIRING_EVERY}. */
    long expiring() {
        return (keys + EXPIRING_EVERY - 1L) / EXPIRING_EVERY;
    }

    /** What the data set holds, for the report. */
    Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("keys", keys);
        d.put("values", "strings k:<i> of " + VALUE_BYTES + " random hex characters, in database 0");
        d.put("expiring", expiring() + " (1 in " + EXPIRING_EVERY + ") with a TTL " + TTL.toDays() + " days ahead");
        return d;
    }

    /**
     * Writes every key through {@code connection}, pipelined, and waits for every reply.
     *
     * @throws io.steward.StewardException when a write fails or the server does not answer in time
     */
    void fill(StatefulRedisConnection<byte[], byte[]> connection, long nowMillis, Consumer<String> progress)
            throws InterruptedException {
        SplittableRandom random = new SplittableRandom(SEED);
        SetArgs expiring = SetArgs.Builder.pxAt(nowMillis + TTL.toMillis());
        PipelinedWrites.run(
                connection,
                keys,
                (async, i) -> i % EXPIRING_EVERY == 0
                        ? async.set(key(i), value(random), expiring)
                        : async.set(key(i), value(random)),
                progress);
    }

    private static byte[] key(int i) {
        return ("k:" + i).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] value(SplittableRandom random) {
        byte[] value = new byte[VALUE_BYTES];
        for (int i = 0; i < VALUE_BYTES; i++) {
            value[i] = HEX[random.nextInt(16)];
        }
        return value;
    }
}
