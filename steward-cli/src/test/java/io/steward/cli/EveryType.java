package io.steward.cli;

import io.lettuce.core.Consumer;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Fills a server with every Redis 7.0 type and encoding: strings (int, embstr, raw, over 1 MB),
 * lists (listpack, quicklist), sets (intset, hashtable), sorted sets (listpack, skiplist), hashes
 * (listpack, hashtable), a stream with two consumer groups and pending entries, keys with TTLs, in
 * databases 0, 1 and 5.
 */
final class EveryType {

    static final List<Integer> DBS = List.of(0, 1, 5);

    private EveryType() {}

    static void fill(RedisCommands<byte[], byte[]> redis) {
        Random random = new Random(42);
        for (int db : DBS) {
            redis.select(db);
            String p = "db" + db + ":";
            redis.set(b(p + "int"), b("12345"));
            redis.set(b(p + "embstr"), b("short text"));
            redis.set(b(p + "raw"), b("x".repeat(200)));
            byte[] big = new byte[(1 << 20) + 17];
            random.nextBytes(big);
            redis.set(b(p + "big"), big);
            redis.rpush(b(p + "list:small"), b("a"), b("b"), b("c"));
            for (int i = 0; i < 300; i++) {
                redis.rpush(b(p + "list:big"), b("element-" + i + "-" + "y".repeat(i % 50)));
                redis.sadd(b(p + "set:hashtable"), b("member-" + i));
                redis.zadd(b(p + "zset:skiplist"), i * 1.5, b("m" + i));
                redis.hset(b(p + "hash:hashtable"), b("f" + i), b("v" + i));
            }
            redis.sadd(b(p + "set:intset"), b("1"), b("2"), b("3"), b("-7"));
            redis.zadd(b(p + "zset:listpack"), ScoredValue.just(1.25, b("one")), ScoredValue.just(-2, b("two")));
            Map<byte[], byte[]> small = new HashMap<>();
            small.put(b("name"), b("ada"));
            small.put(b("lang"), b("en"));
            redis.hset(b(p + "hash:listpack"), small);
            redis.set(b(p + "ttl"), b("expires later"));
            redis.expire(b(p + "ttl"), 3600);
            fillStream(redis, b(p + "stream"));
        }
        redis.select(0);
    }

    private static void fillStream(RedisCommands<byte[], byte[]> redis, byte[] key) {
        for (int i = 0; i < 50; i++) {
            Map<byte[], byte[]> body = new HashMap<>();
            body.put(b("n"), b(String.valueOf(i)));
            redis.xadd(key, body);
        }
        redis.xgroupCreate(XReadArgs.StreamOffset.from(key, "0"), b("g1"));
        redis.xgroupCreate(XReadArgs.StreamOffset.from(key, "0"), b("g2"));
        List<StreamMessage<byte[], byte[]>> read = redis.xreadgroup(
                Consumer.from(b("g1"), b("alice")),
                XReadArgs.Builder.count(10),
                XReadArgs.StreamOffset.lastConsumed(key));
        redis.xack(key, b("g1"), read.get(0).getId());
        redis.xreadgroup(
                Consumer.from(b("g2"), b("bob")), XReadArgs.Builder.count(3), XReadArgs.StreamOffset.lastConsumed(key));
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
