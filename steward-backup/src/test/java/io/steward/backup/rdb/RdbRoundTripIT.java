package io.steward.backup.rdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.RestoreArgs;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.steward.provision.LocalTopology;
import io.steward.test.RedisTopology;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fills a real Redis 7.0 with every type and encoding it writes, saves, and holds the parser to the
 * server: key counts and types, the dataset digest, DUMP bytes, RESTORE of every entry, and {@code
 * redis-check-rdb} as an outside judge of the same file.
 */
@RedisTopology
class RdbRoundTripIT {

    private static final List<Integer> DBS = List.of(0, 1, 5);
    private static final int EMPTY_DB = 3;
    private static final int RESTORE_DB_OFFSET = 10;
    /** Encodings whose bytes depend only on the value, not on hashtable iteration order. */
    private static final Set<Integer> DETERMINISTIC = Set.of(
            RdbFormat.TYPE_STRING,
            RdbFormat.TYPE_LIST_QUICKLIST_2,
            RdbFormat.TYPE_SET_INTSET,
            RdbFormat.TYPE_ZSET_LISTPACK,
            RdbFormat.TYPE_HASH_LISTPACK,
            RdbFormat.TYPE_STREAM_LISTPACKS_2);

    private static RedisClient client;
    private static StatefulRedisConnection<byte[], byte[]> connection;
    private static Path rdb;
    private static RdbSummary summary;
    private static final Map<String, RdbEntry> entries = new LinkedHashMap<>();

    @BeforeAll
    static void fillSaveAndRead(LocalTopology topology, @org.junit.jupiter.api.io.TempDir Path temp)
            throws IOException {
        client = RedisClient.create(RedisURI.builder()
                .withHost(topology.master().host())
                .withPort(topology.master().port())
                .withAuthentication("admin", topology.password("admin"))
                .build());
        connection = client.connect(ByteArrayCodec.INSTANCE);
        RedisCommands<byte[], byte[]> redis = connection.sync();
        redis.flushall();
        fill(redis);
        assertThat(redis.save()).isEqualTo("OK");
        Path dir = Path.of(redis.configGet("dir").get("dir"));
        String file = redis.configGet("dbfilename").get("dbfilename");
        // A copy: the server's save points may rewrite dump.rdb while the tests restore into it.
        rdb = Files.copy(dir.resolve(file), temp.resolve("dump.rdb"));
        try (InputStream in = Files.newInputStream(rdb)) {
            summary = RdbReader.read(in, (entry, value) -> entries.put(name(entry.db(), entry.key()), entry), true);
        }
    }

    @AfterAll
    static void close() {
        if (connection != null) {
            connection.close();
        }
        if (client != null) {
            client.shutdown();
        }
    }

    @Test
    void keysPerDatabaseMatchDbsizeAndEveryKeyHasItsServerType() {
        RedisCommands<byte[], byte[]> redis = connection.sync();
        Map<Integer, Long> dbsize = new TreeMap<>();
        long expiring = 0;
        for (int db : DBS) {
            redis.select(db);
            dbsize.put(db, redis.dbsize());
        }
        redis.select(EMPTY_DB);
        assertThat(redis.dbsize()).isZero();

        assertThat(summary.rdbVersion()).isEqualTo(10);
        assertThat(summary.checksumPresent()).isTrue();
        assertThat(summary.bytesRead()).isEqualTo(fileSize());
        assertThat(summary.aux()).containsKey("redis-ver");
        assertThat(summary.keysPerDb()).isEqualTo(dbsize);
        for (RdbEntry entry : entries.values()) {
            redis.select(entry.db());
            assertThat(redis.type(entry.key()))
                    .as(entry.toString())
                    .isEqualTo(entry.type().name().toLowerCase(java.util.Locale.ROOT));
            long pttl = redis.pttl(entry.key());
            assertThat(entry.expires()).as(entry.toString()).isEqualTo(pttl >= 0);
            if (entry.expires()) {
                expiring++;
                assertThat(entry.expireAtMillis())
                        .isBetween(System.currentTimeMillis(), System.currentTimeMillis() + pttl + 60_000);
            }
        }
        assertThat(summary.keysWithExpiry()).isEqualTo(expiring).isPositive();
        assertThat(entries.values())
                .extracting(RdbEntry::encoding)
                .contains(
                        RdbFormat.TYPE_STRING,
                        RdbFormat.TYPE_LIST_QUICKLIST_2,
                        RdbFormat.TYPE_SET,
                        RdbFormat.TYPE_SET_INTSET,
                        RdbFormat.TYPE_ZSET_LISTPACK,
                        RdbFormat.TYPE_ZSET_2,
                        RdbFormat.TYPE_HASH_LISTPACK,
                        RdbFormat.TYPE_HASH,
                        RdbFormat.TYPE_STREAM_LISTPACKS_2);
    }

    @Test
    void digestOfTheFileEqualsDigestOfTheServer() throws IOException {
        DatasetDigest ofFile;
        try (InputStream in = Files.newInputStream(rdb)) {
            ofFile = DatasetDigest.of(in);
        }

        DatasetDigest ofServer = DatasetDigest.ofServer(connection, Set.copyOf(DBS));

        assertThat(ofFile.keys()).isEqualTo(entries.size());
        assertThat(ofServer.hex()).isEqualTo(ofFile.hex());
        assertThat(ofServer.keys()).isEqualTo(ofFile.keys());
    }

    @Test
    void dumpPayloadOfAnEntryEqualsTheServersDump() {
        RedisCommands<byte[], byte[]> redis = connection.sync();
        int compared = 0;
        for (RdbEntry entry : entries.values()) {
            if (DETERMINISTIC.contains(entry.encoding())) {
                redis.select(entry.db());
                assertThat(DumpPayload.of(entry.encodedValue(), summary.rdbVersion()))
                        .as(entry.toString())
                        .isEqualTo(redis.dump(entry.key()));
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(20);
    }

    @Test
    void restoringEveryEntryReproducesTheDataset() throws IOException {
        RedisCommands<byte[], byte[]> redis = connection.sync();
        for (RdbEntry entry : entries.values()) {
            redis.select(entry.db() + RESTORE_DB_OFFSET);
            RestoreArgs args = entry.expires()
                    ? RestoreArgs.Builder.ttl(entry.expireAtMillis()).absttl().replace()
                    : RestoreArgs.Builder.ttl(0).replace();
            redis.restore(entry.key(), DumpPayload.of(entry.encodedValue(), summary.rdbVersion()), args);
        }
        DatasetDigest expected = new DatasetDigest();
        try (InputStream in = Files.newInputStream(rdb)) {
            RdbReader.read(
                    in,
                    (entry, value) ->
                            expected.add(entry.db() + RESTORE_DB_OFFSET, entry.key(), value.decode(), entry.expires()),
                    false);
        }

        DatasetDigest restored = DatasetDigest.ofServer(connection, Set.of(10, 11, 15));

        assertThat(restored.keys()).isEqualTo(entries.size());
        assertThat(restored.hex()).isEqualTo(expected.hex());
    }

    @Test
    void decodedValuesMatchWhatTheServerReturnsForThem() throws IOException {
        RedisCommands<byte[], byte[]> redis = connection.sync();
        int streams = 0;
        try (InputStream in = Files.newInputStream(rdb)) {
            RdbReader.read(
                    in,
                    (entry, source) -> {
                        redis.select(entry.db());
                        byte[] key = entry.key();
                        RdbValue value = source.decode();
                        String what = entry.toString();
                        if (value instanceof RdbValue.StringValue s) {
                            assertThat(s.bytes()).as(what).isEqualTo(redis.get(key));
                        } else if (value instanceof RdbValue.ListValue l) {
                            assertThat(texts(l.elements())).as(what).isEqualTo(texts(redis.lrange(key, 0, -1)));
                        } else if (value instanceof RdbValue.SetValue set) {
                            assertThat(texts(set.members()))
                                    .as(what)
                                    .containsExactlyInAnyOrderElementsOf(texts(List.copyOf(redis.smembers(key))));
                        } else if (value instanceof RdbValue.SortedSetValue z) {
                            Map<String, Double> expected = new TreeMap<>();
                            redis.zrangeWithScores(key, 0, -1)
                                    .forEach(sv -> expected.put(text(sv.getValue()), sv.getScore()));
                            Map<String, Double> actual = new TreeMap<>();
                            z.members().forEach(m -> actual.put(text(m.member()), m.score()));
                            assertThat(actual).as(what).isEqualTo(expected);
                        } else if (value instanceof RdbValue.HashValue h) {
                            Map<String, String> expected = new TreeMap<>();
                            redis.hgetall(key).forEach((f, v) -> expected.put(text(f), text(v)));
                            Map<String, String> actual = new TreeMap<>();
                            h.fields().forEach(f -> actual.put(text(f.field()), text(f.value())));
                            assertThat(actual).as(what).isEqualTo(expected);
                        } else if (value instanceof RdbValue.StreamValue stream) {
                            assertStreamMatches(redis, key, stream);
                        }
                    },
                    false);
        }
    }

    private static void assertStreamMatches(
            RedisCommands<byte[], byte[]> redis, byte[] key, RdbValue.StreamValue stream) {
        List<String> expectedEntries = redis.xrange(key, io.lettuce.core.Range.create("-", "+")).stream()
                .map(m -> {
                    StringBuilder sb = new StringBuilder(m.getId());
                    m.getBody()
                            .forEach((f, v) ->
                                    sb.append(' ').append(text(f)).append('=').append(text(v)));
                    return sb.toString();
                })
                .toList();
        List<String> actualEntries = stream.entries().stream()
                .map(e -> {
                    StringBuilder sb = new StringBuilder(e.id().toString());
                    for (int i = 0; i < e.fieldsAndValues().size(); i += 2) {
                        sb.append(' ')
                                .append(text(e.fieldsAndValues().get(i)))
                                .append('=')
                                .append(text(e.fieldsAndValues().get(i + 1)));
                    }
                    return sb.toString();
                })
                .toList();
        assertThat(actualEntries).isEqualTo(expectedEntries);
        assertThat(stream.length()).isEqualTo(redis.xlen(key));
        for (RdbValue.ConsumerGroup group : stream.groups()) {
            List<String> expectedPending = redis
                    .xpending(
                            key,
                            group.name(),
                            io.lettuce.core.Range.create("-", "+"),
                            io.lettuce.core.Limit.from(10_000))
                    .stream()
                    .map(p -> p.getId() + " " + p.getConsumer() + " " + p.getRedeliveryCount())
                    .toList();
            List<String> actualPending = group.pending().stream()
                    .map(p -> p.id() + " " + text(p.consumer()) + " " + p.deliveryCount())
                    .toList();
            assertThat(actualPending).as(text(group.name())).isEqualTo(expectedPending);
        }
    }

    @Test
    void redisCheckRdbAcceptsTheSameFile() throws Exception {
        Process check = new ProcessBuilder("redis-check-rdb", rdb.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(output).isZero();
        assertThat(output).contains("RDB looks OK").contains(entries.size() + " keys read");
    }

    private static long fileSize() {
        try {
            return Files.size(rdb);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Every type in every encoding Redis 7.0 writes, sized from the server's own thresholds. */
    private static void fill(RedisCommands<byte[], byte[]> redis) {
        int hashListpackEntries = configInt(redis, "hash-max-listpack-entries");
        int zsetListpackEntries = configInt(redis, "zset-max-listpack-entries");
        int intsetEntries = configInt(redis, "set-max-intset-entries");
        Random random = new Random(11);

        redis.select(0);
        set(redis, "s:int", "12345");
        set(redis, "s:neg", "-7");
        set(redis, "s:i64", "9223372036854775807");
        set(redis, "s:embstr", "hello");
        set(redis, "s:empty", "");
        set(redis, "s:raw", "r".repeat(30) + random.nextLong() + "q".repeat(200));
        set(redis, "s:lzf", "abcdefgh".repeat(500));
        byte[] huge = new byte[1_500_000];
        random.nextBytes(huge);
        redis.set(b("s:huge"), huge);
        redis.set(new byte[] {'b', 0, (byte) 0xff, '\n'}, new byte[] {0, 1, 2, (byte) 0xfe});
        redis.psetex(b("s:ttl"), 3_600_000, b("expiring"));

        redis.rpush(b("l:small"), b("a"), b("b"), b("1"), b("-2"), b("300000"), b("x".repeat(70)));
        redis.pexpire(b("l:small"), 7_200_000);
        for (int i = 0; i < 400; i++) {
            redis.rpush(b("l:big"), b("element-" + i + "-" + "p".repeat(30)), b(Integer.toString(i * 1000)));
        }
        for (int i = 0; i < 3; i++) {
            redis.rpush(b("l:bigelements"), b(Integer.toString(i).repeat(10_000)));
        }

        redis.sadd(b("set:int"), b("1"), b("2"), b("3"), b("-5"), b("100000"), b("4294967296"));
        redis.sadd(b("set:small"), b("a"), b("b"), b("c"));
        for (int i = 0; i < 200; i++) {
            redis.sadd(b("set:big"), b("member-" + i));
        }
        for (int i = 0; i < intsetEntries + 10; i++) {
            redis.sadd(b("set:manyints"), b(Integer.toString(i * 7)));
        }

        redis.zadd(b("z:small"), 1.5, b("a"));
        redis.zadd(b("z:small"), -0.25, b("b"));
        redis.zadd(b("z:small"), 3, b("c"));
        redis.zadd(b("z:small"), Double.POSITIVE_INFINITY, b("d"));
        redis.zadd(b("z:small"), Double.NEGATIVE_INFINITY, b("e"));
        redis.zadd(b("z:small"), 0.1, b("f"));
        for (int i = 0; i < zsetListpackEntries + 72; i++) {
            redis.zadd(b("z:big"), i + 0.125, b("m-" + i));
        }
        redis.zadd(b("z:longmember"), 1, b("l".repeat(100)));

        Map<byte[], byte[]> small = new LinkedHashMap<>();
        small.put(b("f1"), b("v1"));
        small.put(b("f2"), b("2"));
        small.put(b("f3"), b("-3"));
        redis.hset(b("h:small"), small);
        redis.pexpire(b("h:small"), 7_200_000);
        for (int i = 0; i < hashListpackEntries + 10; i++) {
            redis.hset(b("h:big"), b("field-" + i), b("value-" + i));
        }
        redis.hset(b("h:longvalue"), b("f"), b("z".repeat(100)));

        fillStream(redis);

        redis.select(1);
        set(redis, "one", "1");
        redis.rpush(b("list1"), b("x"), b("y"));
        redis.sadd(b("set1"), b("m"));
        redis.zadd(b("zset1"), 2, b("m"));
        redis.hset(b("hash1"), b("f"), b("v"));
        redis.xadd(b("stream1"), Map.of(b("k"), b("v")));

        redis.select(5);
        redis.psetex(b("five:ttl"), 9_000_000, b("v"));
        redis.hset(b("five:hash"), b("a"), b("b"));
        redis.pexpire(b("five:hash"), 9_000_000);

        redis.select(EMPTY_DB);
        set(redis, "gone", "x");
        redis.del(b("gone"));
        redis.select(0);
    }

    /** Three listpack nodes, deleted entries, mixed field sets, two groups with pending entries. */
    private static void fillStream(RedisCommands<byte[], byte[]> redis) {
        byte[] key = b("st:main");
        for (int i = 1; i <= 250; i++) {
            Map<byte[], byte[]> fields = new LinkedHashMap<>();
            fields.put(b("temp"), b(Integer.toString(i)));
            fields.put(b("unit"), b("c"));
            if (i % 50 == 0) {
                fields.put(b("extra"), b("yes"));
            }
            redis.xadd(key, new io.lettuce.core.XAddArgs().id(i + "-1"), fields);
        }
        redis.xdel(key, "5-1", "6-1", "150-1");
        redis.xgroupCreate(XReadArgs.StreamOffset.from(key, "0"), b("g1"));
        redis.xgroupCreate(XReadArgs.StreamOffset.from(key, "$"), b("g2"));
        List<StreamMessage<byte[], byte[]>> alice = readGroup(redis, key, "g1", "alice", 3);
        readGroup(redis, key, "g1", "bob", 4);
        redis.xack(key, b("g1"), alice.get(0).getId());
        // bob claims one of alice's: ownership moves, delivery count rises
        redis.xclaim(key, Consumer.from(b("g1"), b("bob")), 0, alice.get(1).getId());
        redis.xadd(key, new io.lettuce.core.XAddArgs().id("300-1"), Map.of(b("late"), b("1")));
        readGroup(redis, key, "g2", "carol", 10);
        redis.xgroupCreate(
                XReadArgs.StreamOffset.from(b("st:empty"), "$"),
                b("g0"),
                io.lettuce.core.XGroupCreateArgs.Builder.mkstream());
    }

    /** XREADGROUP without ACK: the entries become pending for the consumer. */
    @SuppressWarnings("unchecked") // a generic varargs array of one StreamOffset
    private static List<StreamMessage<byte[], byte[]>> readGroup(
            RedisCommands<byte[], byte[]> redis, byte[] key, String group, String consumer, int count) {
        return redis.xreadgroup(
                Consumer.from(b(group), b(consumer)),
                XReadArgs.Builder.count(count),
                XReadArgs.StreamOffset.lastConsumed(key));
    }

    private static int configInt(RedisCommands<byte[], byte[]> redis, String name) {
        return Integer.parseInt(redis.configGet(name).get(name));
    }

    private static void set(RedisCommands<byte[], byte[]> redis, String key, String value) {
        redis.set(b(key), b(value));
    }

    private static String name(int db, byte[] key) {
        return db + "/" + new String(key, StandardCharsets.ISO_8859_1);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static List<String> texts(List<byte[]> list) {
        return list.stream().map(RdbRoundTripIT::text).toList();
    }
}
