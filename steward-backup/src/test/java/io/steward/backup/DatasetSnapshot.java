package io.steward.backup;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.ArrayOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A server's data by content, as clients read it: per database, every key with its type, its value
 * (members sorted where the type has no order), its absolute expiry ({@code PEXPIRETIME}) and, for
 * streams, everything {@code XINFO} and {@code XPENDING} show except idle times; plus the function
 * libraries with their code. Two servers with equal snapshots hold the same data, however their
 * values are encoded.
 *
 * @param databases database → key (printable) → its state
 * @param functions {@code FUNCTION LIST WITHCODE}, libraries sorted by name
 */
record DatasetSnapshot(Map<Integer, Map<String, String>> databases, String functions) {

    /** XINFO fields that change with time rather than with data. */
    private static final Set<String> VOLATILE = Set.of("idle", "inactive", "seen-time", "active-time");

    static DatasetSnapshot of(RedisCommands<byte[], byte[]> redis, List<Integer> dbs) {
        Map<Integer, Map<String, String>> databases = new TreeMap<>();
        for (int db : dbs) {
            redis.select(db);
            Map<String, String> keys = new TreeMap<>();
            for (byte[] key : keys(redis)) {
                keys.put(name(key), state(redis, key));
            }
            databases.put(db, keys);
        }
        redis.select(0);
        return new DatasetSnapshot(databases, functions(redis));
    }

    /** Keys of the selected database, sorted; KEYS touches no key's LRU/LFU data. */
    static List<byte[]> keys(RedisCommands<byte[], byte[]> redis) {
        List<byte[]> keys = new ArrayList<>(redis.keys(b("*")));
        keys.sort(Arrays::compareUnsigned);
        return keys;
    }

    static String name(byte[] key) {
        return new String(key, StandardCharsets.ISO_8859_1);
    }

    private static String state(RedisCommands<byte[], byte[]> redis, byte[] key) {
        String type = redis.type(key);
        String value =
                switch (type) {
                    case "string" -> text(redis.get(key));
                    case "list" -> texts(redis.lrange(key, 0, -1));
                    case "set" -> sortedTexts(List.copyOf(redis.smembers(key)));
                    case "zset" ->
                        redis.zrangeWithScores(key, 0, -1).stream()
                                .map(v -> text(v.getValue()) + "=" + v.getScore())
                                .toList()
                                .toString();
                    case "hash" ->
                        new TreeMap<>(redis.hgetall(key).entrySet().stream()
                                        .collect(Collectors.toMap(e -> text(e.getKey()), e -> text(e.getValue()))))
                                .toString();
                    case "stream" -> stream(redis, key);
                    default -> throw new IllegalStateException("unexpected type " + type);
                };
        return type + " expireAt=" + redis.pexpiretime(key) + " " + value;
    }

    private static String stream(RedisCommands<byte[], byte[]> redis, byte[] key) {
        StringBuilder s = new StringBuilder();
        redis.xrange(key, Range.create("-", "+")).forEach(m -> s.append(m.getId())
                .append(' ')
                .append(new TreeMap<>(m.getBody().entrySet().stream()
                        .collect(Collectors.toMap(e -> text(e.getKey()), e -> text(e.getValue())))))
                .append('\n'));
        s.append("info ").append(canonical(redis.xinfoStream(key))).append('\n');
        for (Object group : redis.xinfoGroups(key)) {
            s.append("group ").append(canonical(group)).append('\n');
            byte[] name = (byte[]) ((List<?>) group).get(1);
            s.append("consumers ")
                    .append(canonical(redis.xinfoConsumers(key, name)))
                    .append('\n');
            redis.xpending(key, name, Range.create("-", "+"), Limit.from(100_000))
                    .forEach(p -> s.append("pending ")
                            .append(p.getId())
                            .append(' ')
                            .append(p.getConsumer())
                            .append(" delivered ")
                            .append(p.getRedeliveryCount())
                            .append('\n'));
        }
        return s.toString();
    }

    /** {@code FUNCTION LIST WITHCODE}: libraries with engine, functions, flags and code, sorted. */
    private static String functions(RedisCommands<byte[], byte[]> redis) {
        List<Object> libraries = redis.dispatch(
                CommandType.FUNCTION,
                new ArrayOutput<>(ByteArrayCodec.INSTANCE),
                new CommandArgs<>(ByteArrayCodec.INSTANCE).add("LIST").add("WITHCODE"));
        return libraries.stream()
                .map(DatasetSnapshot::canonical)
                .sorted()
                .toList()
                .toString();
    }

    /**
     * Nested replies as text; a flat list of name/value pairs (what XINFO and FUNCTION LIST answer)
     * becomes a sorted map without the {@link #VOLATILE} fields.
     */
    static String canonical(Object reply) {
        if (reply instanceof byte[] bytes) {
            return text(bytes);
        }
        if (reply instanceof List<?> list) {
            if (isPairs(list)) {
                Map<String, String> map = new TreeMap<>();
                for (int i = 0; i < list.size(); i += 2) {
                    String field = text((byte[]) list.get(i));
                    if (!VOLATILE.contains(field)) {
                        map.put(field, canonical(list.get(i + 1)));
                    }
                }
                return map.toString();
            }
            return list.stream().map(DatasetSnapshot::canonical).toList().toString();
        }
        return String.valueOf(reply);
    }

    private static boolean isPairs(List<?> list) {
        if (list.isEmpty() || list.size() % 2 != 0) {
            return false;
        }
        for (int i = 0; i < list.size(); i += 2) {
            if (!(list.get(i) instanceof byte[] name) || !text(name).matches("[a-z][a-z_-]*")) {
                return false;
            }
        }
        return true;
    }

    /** Short values as text, long ones as length and SHA-256, so a mismatch report stays readable. */
    private static String text(byte[] value) {
        if (value == null) {
            return "null";
        }
        if (value.length <= 256) {
            return new String(value, StandardCharsets.ISO_8859_1);
        }
        try {
            return value.length + " bytes sha256 "
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(value));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String texts(List<byte[]> values) {
        return values.stream().map(DatasetSnapshot::text).toList().toString();
    }

    private static String sortedTexts(List<byte[]> values) {
        return values.stream().map(DatasetSnapshot::text).sorted().toList().toString();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Keys in all databases. */
    int keys() {
        return databases.values().stream().mapToInt(Map::size).sum();
    }
}
