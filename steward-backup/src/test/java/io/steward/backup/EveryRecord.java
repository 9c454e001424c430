package io.steward.backup;

import io.lettuce.core.Consumer;
import io.lettuce.core.RestoreArgs;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Fills a Redis 7.0 server with every kind of record its RDB files carry, so a backup of it holds
 * every opcode and object type the server writes: strings (int, embstr, raw; LZF-compressed and
 * over 1 MB in the file), lists (one listpack node, many nodes, LZF-compressed nodes), sets
 * (intset, hashtable), sorted sets (listpack, skiplist), hashes (listpack, hashtable), streams
 * (deleted entries, consumer groups with pending entries, a consumer without any, an empty stream
 * with a group), absolute expiries, several databases, two function libraries, and an LRU idle time
 * or LFU counter on every key.
 */
final class EveryRecord {

    static final List<Integer> DBS = List.of(0, 1, 5, 15);

    static final String LIBRARY_GREET = "#!lua name=greet\n"
            + "redis.register_function('hello', function(keys, args) return 'hello ' .. args[1] end)";
    static final String LIBRARY_READ = "#!lua name=reader\n"
            + "redis.register_function{function_name='read', callback=function(keys, args)"
            + " return redis.call('GET', keys[1]) end, flags={'no-writes'}}";

    private EveryRecord() {}

    /**
     * Fills the databases of {@link #DBS} and loads the function libraries, then gives every key
     * an LRU idle time (for an LRU {@code policy}) or LFU counter (for an LFU one) that differs per
     * key and is far from what a fresh key has.
     */
    static void fill(RedisCommands<byte[], byte[]> redis, String policy) {
        redis.configSet("maxmemory-policy", policy);
        Random random = new Random(42);
        for (int db : DBS) {
            redis.select(db);
            String p = "db" + db + ":";
            strings(redis, p, random);
            lists(redis, p);
            collections(redis, p);
            stream(redis, b(p + "stream"));
            redis.xgroupCreate(
                    XReadArgs.StreamOffset.from(b(p + "stream:empty"), "$"),
                    b("g0"),
                    XGroupCreateArgs.Builder.mkstream());
        }
        redis.select(0);
        redis.functionLoad(LIBRARY_GREET);
        redis.functionLoad(LIBRARY_READ);
        setUsage(redis, policy.contains("lfu"));
        redis.select(0);
    }

    private static void strings(RedisCommands<byte[], byte[]> redis, String p, Random random) {
        redis.set(b(p + "int"), b("12345"));
        redis.set(b(p + "negative"), b("-7"));
        redis.set(b(p + "i64"), b("9223372036854775807"));
        redis.set(b(p + "embstr"), b("short text"));
        redis.set(b(p + "empty"), new byte[0]);
        byte[] raw = new byte[300];
        random.nextBytes(raw);
        redis.set(b(p + "raw"), raw);
        redis.set(b(p + "lzf"), b("abcdefgh".repeat(500)));
        byte[] big = new byte[(1 << 20) + 17];
        random.nextBytes(big);
        redis.set(b(p + "big"), big);
        redis.set(new byte[] {'b', 0, (byte) 0xff, '\n', (byte) ('0' + p.length())}, new byte[] {0, 1, (byte) 0xfe});
        redis.psetex(b(p + "ttl"), 3_600_000, b("expires in an hour"));
        redis.set(b(p + "ttl:abs"), b("expires at a fixed time"));
        redis.pexpireat(b(p + "ttl:abs"), System.currentTimeMillis() + 86_400_000L + 123);
    }

    private static void lists(RedisCommands<byte[], byte[]> redis, String p) {
        redis.rpush(b(p + "list:small"), b("a"), b("b"), b("1"), b("-2"), b("300000"), b("x".repeat(70)));
        for (int i = 0; i < 400; i++) {
            redis.rpush(b(p + "list:big"), b("element-" + i + "-" + "y".repeat(i % 50)), b(Integer.toString(i * 1000)));
        }
        redis.configSet("list-compress-depth", "1");
        try {
            for (int i = 0; i < 600; i++) {
                redis.rpush(b(p + "list:compressed"), b("compressible element " + "z".repeat(40) + " " + i));
            }
        } finally {
            redis.configSet("list-compress-depth", "0");
        }
        redis.pexpire(b(p + "list:small"), 7_200_000);
    }

    /** Sized from the server's own thresholds, so the big ones are past their compact encodings. */
    private static void collections(RedisCommands<byte[], byte[]> redis, String p) {
        redis.sadd(b(p + "set:intset"), b("1"), b("2"), b("3"), b("-5"), b("100000"), b("4294967296"));
        for (int i = 0; i < configInt(redis, "set-max-intset-entries") + 10; i++) {
            redis.sadd(b(p + "set:hashtable"), b("member-" + i));
        }
        for (int i = 0; i < configInt(redis, "zset-max-listpack-entries") + 10; i++) {
            redis.zadd(b(p + "zset:skiplist"), i * 1.5, b("m" + i));
        }
        for (int i = 0; i < configInt(redis, "hash-max-listpack-entries") + 10; i++) {
            redis.hset(b(p + "hash:hashtable"), b("f" + i), b("v" + i));
        }
        redis.zadd(b(p + "zset:listpack"), 1.25, b("one"));
        redis.zadd(b(p + "zset:listpack"), -2, b("two"));
        redis.zadd(b(p + "zset:listpack"), Double.POSITIVE_INFINITY, b("inf"));
        Map<byte[], byte[]> small = new LinkedHashMap<>();
        small.put(b("name"), b("ada"));
        small.put(b("lang"), b("en"));
        small.put(b("n"), b("-3"));
        redis.hset(b(p + "hash:listpack"), small);
        redis.pexpire(b(p + "hash:listpack"), 9_000_000);
    }

    /** Three listpack nodes, deleted entries, two groups with pending entries, a claimed entry. */
    private static void stream(RedisCommands<byte[], byte[]> redis, byte[] key) {
        for (int i = 1; i <= 250; i++) {
            Map<byte[], byte[]> fields = new LinkedHashMap<>();
            fields.put(b("temp"), b(Integer.toString(i)));
            fields.put(b("unit"), b("c"));
            if (i % 50 == 0) {
                fields.put(b("extra"), b("yes"));
            }
            redis.xadd(key, new XAddArgs().id(i + "-1"), fields);
        }
        redis.xdel(key, "5-1", "6-1", "150-1");
        redis.xgroupCreate(XReadArgs.StreamOffset.from(key, "0"), b("g1"));
        redis.xgroupCreate(XReadArgs.StreamOffset.from(key, "$"), b("g2"));
        List<StreamMessage<byte[], byte[]>> alice = readGroup(redis, key, "g1", "alice", 3);
        readGroup(redis, key, "g1", "bob", 4);
        redis.xack(key, b("g1"), alice.get(0).getId());
        redis.xclaim(key, Consumer.from(b("g1"), b("bob")), 0, alice.get(1).getId());
        redis.xadd(key, new XAddArgs().id("300-1"), Map.of(b("late"), b("1")));
        readGroup(redis, key, "g2", "carol", 10);
        redis.xgroupCreateconsumer(key, Consumer.from(b("g2"), b("dave")));
    }

    @SuppressWarnings("unchecked") // a generic varargs array of one StreamOffset
    private static List<StreamMessage<byte[], byte[]>> readGroup(
            RedisCommands<byte[], byte[]> redis, byte[] key, String group, String consumer, int count) {
        return redis.xreadgroup(
                Consumer.from(b(group), b(consumer)),
                XReadArgs.Builder.count(count),
                XReadArgs.StreamOffset.lastConsumed(key));
    }

    /**
     * {@code RESTORE ... IDLETIME}/{@code FREQ} of each key's own {@code DUMP}, keeping its
     * expiry: the only way to give a key an idle time of hours or a high counter without waiting.
     */
    private static void setUsage(RedisCommands<byte[], byte[]> redis, boolean lfu) {
        int i = 0;
        for (int db : DBS) {
            redis.select(db);
            for (byte[] key : DatasetSnapshot.keys(redis)) {
                i++;
                long expireAt = redis.pexpiretime(key);
                RestoreArgs args =
                        RestoreArgs.Builder.ttl(Math.max(expireAt, 0)).absttl().replace();
                if (lfu) {
                    args.frequency(20 + (i * 7) % 230);
                } else {
                    args.idleTime(3_600 + i * 60L);
                }
                redis.restore(key, redis.dump(key), args);
            }
        }
    }

    /** OBJECT IDLETIME (LRU) or OBJECT FREQ (LFU) of every key, read without touching any. */
    static Map<String, Long> usage(RedisCommands<byte[], byte[]> redis, boolean lfu) {
        Map<String, Long> usage = new LinkedHashMap<>();
        for (int db : DBS) {
            redis.select(db);
            for (byte[] key : DatasetSnapshot.keys(redis)) {
                usage.put(
                        db + "/" + DatasetSnapshot.name(key), lfu ? redis.objectFreq(key) : redis.objectIdletime(key));
            }
        }
        redis.select(0);
        return usage;
    }

    static List<String> encodings(RedisCommands<byte[], byte[]> redis) {
        List<String> encodings = new ArrayList<>();
        for (int db : DBS) {
            redis.select(db);
            for (byte[] key : DatasetSnapshot.keys(redis)) {
                encodings.add(redis.type(key) + "/" + redis.objectEncoding(key));
            }
        }
        redis.select(0);
        return encodings;
    }

    private static int configInt(RedisCommands<byte[], byte[]> redis, String name) {
        return Integer.parseInt(redis.configGet(name).get(name));
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
