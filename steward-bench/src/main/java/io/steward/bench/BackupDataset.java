package io.steward.bench;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The data set of the backup and restore benchmarks: mostly strings of {@link #VALUE_BYTES} bytes
 * in three kinds of compressibility (random bytes, JSON-like text, hex tokens), 10 % of them with a
 * TTL a week ahead, and every {@link #COLLECTION_EVERY}th key a small hash, list, set (integers or
 * strings) or sorted set, so that the RDB holds more than strings. Written with pipelined Lettuce
 * async commands; the same seed gives the same data.
 */
final class BackupDataset {

    static final int VALUE_BYTES = 230;
    static final int COLLECTION_EVERY = 40;
    static final int EXPIRING_EVERY = 10;
    static final Duration TTL = Duration.ofDays(7);
    static final int COLLECTION_SIZE = 16;

    private static final long SEED = 20_251_123L;
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final String[] WORDS = {
        "alpha", "bravo", "cache", "delta", "event", "fresh", "green", "hotel", "index", "joker", "kilo", "lemon",
        "metro", "north", "order", "pixel", "quota", "radar", "shard", "tango", "ultra", "value", "whale", "xenon",
        "yield", "zebra", "amber", "basil", "cedar", "dune", "ember", "frost"
    };
    private static final String[] PLANS = {"free", "basic", "pro", "enterprise"};
    private static final String[] COUNTRIES = {"DE", "FR", "US", "GB", "JP", "BR", "IN", "NL"};

    private final int keys;

    BackupDataset(int keys) {
        this.keys = keys;
    }

    int keys() {
        return keys;
    }

    /** Keys with a TTL: those whose index ends in 1 (never a collection, whose index ends in 0). */
    long expiring() {
        return (keys + EXPIRING_EVERY - 2L) / EXPIRING_EVERY;
    }

    /** What the data set holds, for the report. */
    Map<String, Object> describe() {
        int collections = (keys + COLLECTION_EVERY - 1) / COLLECTION_EVERY;
        int strings = keys - collections;
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("keys", keys);
        d.put(
                "strings",
                strings + " of " + VALUE_BYTES + " bytes, in turn random bytes, JSON-like text (a record with"
                        + " words from a 32-word list) and random hex");
        d.put(
                "expiring",
                expiring() + " strings (1 in " + EXPIRING_EVERY + " keys) with a TTL " + TTL.toDays()
                        + " days ahead, restored with their absolute expiry");
        d.put(
                "collections",
                collections + " (every " + COLLECTION_EVERY + "th key), in turn: hash of 8 fields, list of "
                        + COLLECTION_SIZE + ", set of " + COLLECTION_SIZE + " integers, set of " + COLLECTION_SIZE
                        + " strings, sorted set of " + COLLECTION_SIZE);
        d.put("database", 0);
        return d;
    }

    /**
     * Writes every key through {@code connection}, pipelined ({@link PipelinedWrites}), and waits for
     * every reply.
     *
     * @throws io.steward.StewardException when a write fails or the server does not answer in time
     */
    void fill(StatefulRedisConnection<byte[], byte[]> connection, long nowMillis, Consumer<String> progress)
            throws InterruptedException {
        SplittableRandom random = new SplittableRandom(SEED);
        SetArgs expiring = SetArgs.Builder.pxAt(nowMillis + TTL.toMillis());
        PipelinedWrites.run(connection, keys, (async, i) -> write(async, i, random, expiring), progress);
    }

    private static RedisFuture<?> write(
            RedisAsyncCommands<byte[], byte[]> async, int i, SplittableRandom random, SetArgs expiring) {
        if (i % COLLECTION_EVERY == 0) {
            return writeCollection(async, i / COLLECTION_EVERY, random);
        }
        byte[] key = ascii("s:" + i);
        byte[] value =
                switch (i % 3) {
                    case 0 -> randomBytes(random);
                    case 1 -> jsonLike(i, random);
                    default -> hex(random);
                };
        return i % EXPIRING_EVERY == 1 ? async.set(key, value, expiring) : async.set(key, value);
    }

    private static RedisFuture<?> writeCollection(RedisAsyncCommands<byte[], byte[]> async, int n, SplittableRandom r) {
        byte[][] members = new byte[COLLECTION_SIZE][];
        switch (n % 5) {
            case 0 -> {
                Map<byte[], byte[]> fields = new LinkedHashMap<>();
                for (int f = 0; f < 8; f++) {
                    fields.put(ascii("field-" + f), ascii(WORDS[r.nextInt(WORDS.length)] + "-" + r.nextInt(1_000_000)));
                }
                return async.hset(ascii("h:" + n), fields);
            }
            case 1 -> {
                for (int m = 0; m < COLLECTION_SIZE; m++) {
                    members[m] = ascii("item-" + r.nextInt(10_000_000));
                }
                return async.rpush(ascii("l:" + n), members);
            }
            case 2 -> {
                for (int m = 0; m < COLLECTION_SIZE; m++) {
                    members[m] = ascii(Integer.toString(r.nextInt(1_000_000)));
                }
                return async.sadd(ascii("si:" + n), members);
            }
            case 3 -> {
                for (int m = 0; m < COLLECTION_SIZE; m++) {
                    members[m] = ascii("member-" + WORDS[r.nextInt(WORDS.length)] + "-" + r.nextInt(100_000));
                }
                return async.sadd(ascii("ss:" + n), members);
            }
            default -> {
                @SuppressWarnings({"unchecked", "rawtypes"}) // generic array creation
                ScoredValue<byte[]>[] scored = new ScoredValue[COLLECTION_SIZE];
                for (int m = 0; m < COLLECTION_SIZE; m++) {
                    scored[m] = ScoredValue.just(r.nextInt(100_000) / 10.0, ascii("player-" + r.nextInt(1_000_000)));
                }
                return async.zadd(ascii("z:" + n), scored);
            }
        }
    }

    private static byte[] randomBytes(SplittableRandom random) {
        byte[] value = new byte[VALUE_BYTES];
        random.nextBytes(value);
        return value;
    }

    private static byte[] hex(SplittableRandom random) {
        byte[] value = new byte[VALUE_BYTES];
        for (int i = 0; i < VALUE_BYTES; i++) {
            value[i] = HEX[random.nextInt(16)];
        }
        return value;
    }

    private static byte[] jsonLike(int i, SplittableRandom r) {
        StringBuilder s = new StringBuilder(VALUE_BYTES + 32)
                .append("{\"id\":")
                .append(i)
                .append(",\"user\":\"user-")
                .append(r.nextInt(10_000_000))
                .append("\",\"plan\":\"")
                .append(PLANS[r.nextInt(PLANS.length)])
                .append("\",\"country\":\"")
                .append(COUNTRIES[r.nextInt(COUNTRIES.length)])
                .append("\",\"active\":")
                .append(r.nextBoolean())
                .append(",\"score\":")
                .append(r.nextInt(100_000))
                .append(",\"note\":\"");
        while (s.length() < VALUE_BYTES - 2) {
            s.append(WORDS[r.nextInt(WORDS.length)]).append(' ');
        }
        s.setLength(VALUE_BYTES - 2);
        s.append("\"}");
        return ascii(s.toString());
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
