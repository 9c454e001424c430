package io.steward.backup.rdb;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.steward.StewardException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An order-insensitive digest of a dataset, equal for a server and for a server restored from its
 * backup. Each key contributes the SHA-256 of its database, name, logical type, whether it has a time
 * to live (not the TTL itself), and its canonical value ({@link RdbValue}: sorted members and fields,
 * so hashtable iteration order does not matter). The per-key hashes are summed modulo 2<sup>256</sup>,
 * so keys can be added in any order and nothing is kept per key: memory stays constant for any number
 * of keys.
 *
 * <p>Not thread-safe.
 */
public final class DatasetDigest {

    private static final int SCAN_COUNT = 1000;
    private static final byte[] DOMAIN = "steward-dataset-digest-v1".getBytes(StandardCharsets.US_ASCII);

    private final MessageDigest sha256 = sha256();
    private final CanonicalForm canonical = new CanonicalForm(sha256);
    /** The sum of the per-key digests, as four big-endian 64-bit limbs (most significant first). */
    private final long[] sum = new long[4];

    private long keys;

    /** A digest of no keys. */
    public DatasetDigest() {}

    /**
     * Adds a key given as an encoded value (object type byte + value bytes, as in an RDB).
     *
     * @throws io.steward.BackupCorruptedException when the value cannot be decoded
     */
    public void add(int db, byte[] key, byte[] encodedValue, boolean hasTtl) {
        add(db, key, RdbValue.decode(encodedValue), hasTtl);
    }

    /** Adds a key given as a decoded value. */
    public void add(int db, byte[] key, RdbValue value, boolean hasTtl) {
        canonical.key(db, key, value, hasTtl);
        byte[] h = sha256.digest();
        long carry = 0;
        for (int limb = 3; limb >= 0; limb--) {
            long part = 0;
            for (int i = 0; i < 8; i++) {
                part = (part << 8) | (h[limb * 8 + i] & 0xff);
            }
            long s = sum[limb] + part;
            long carryOut = (Long.compareUnsigned(s, sum[limb]) < 0 ? 1 : 0);
            long t = s + carry;
            carryOut += (Long.compareUnsigned(t, s) < 0 ? 1 : 0);
            sum[limb] = t;
            carry = carryOut;
        }
        keys++;
    }

    /** The digest as 64 hex digits: the SHA-256 of the sum of per-key digests and the key count. */
    public String hex() {
        sha256.reset();
        sha256.update(DOMAIN);
        byte[] tail = new byte[40];
        for (int limb = 0; limb < 4; limb++) {
            for (int i = 0; i < 8; i++) {
                tail[limb * 8 + i] = (byte) (sum[limb] >>> (56 - 8 * i));
            }
        }
        for (int i = 0; i < 8; i++) {
            tail[32 + i] = (byte) (keys >>> (56 - 8 * i));
        }
        return HexFormat.of().formatHex(sha256.digest(tail));
    }

    /** The number of keys added. */
    public long keys() {
        return keys;
    }

    @Override
    public String toString() {
        return "DatasetDigest[" + keys + " keys, " + hex() + "]";
    }

    /**
     * The digest of an RDB file's keys (its CRC-64 verified on the way).
     *
     * @throws io.steward.BackupCorruptedException as {@link RdbReader#read} does
     */
    public static DatasetDigest of(InputStream rdb) {
        DatasetDigest digest = new DatasetDigest();
        RdbReader.read(
                rdb, (entry, value) -> digest.add(entry.db(), entry.key(), value.decode(), entry.expires()), false);
        return digest;
    }

    /**
     * The digest of the keys a server holds in {@code dbs}: {@code SCAN} each database, then {@code
     * DUMP} and {@code PTTL} every key of a batch in one pipeline. Keys that vanish between the scan
     * and the dump are left out. The result is meaningful for a server without concurrent writes: SCAN
     * can return a key twice when the keyspace is resized while it runs.
     *
     * <p>Selects each database in turn and leaves the connection on the last one; give it a connection
     * of its own.
     */
    public static DatasetDigest ofServer(StatefulRedisConnection<byte[], byte[]> connection, Set<Integer> dbs) {
        DatasetDigest digest = new DatasetDigest();
        RedisAsyncCommands<byte[], byte[]> redis = connection.async();
        Duration timeout = connection.getTimeout();
        for (int db : new TreeSet<>(dbs)) {
            await(redis.select(db), timeout);
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<byte[]> page = await(redis.scan(cursor, ScanArgs.Builder.limit(SCAN_COUNT)), timeout);
                addBatch(digest, db, page.getKeys(), redis, timeout);
                cursor = page;
            } while (!cursor.isFinished());
        }
        return digest;
    }

    private static void addBatch(
            DatasetDigest digest,
            int db,
            List<byte[]> keys,
            RedisAsyncCommands<byte[], byte[]> redis,
            Duration timeout) {
        List<RedisFuture<byte[]>> dumps = new ArrayList<>(keys.size());
        List<RedisFuture<Long>> ttls = new ArrayList<>(keys.size());
        for (byte[] key : keys) {
            dumps.add(redis.dump(key));
            ttls.add(redis.pttl(key));
        }
        for (int i = 0; i < keys.size(); i++) {
            byte[] dump = await(dumps.get(i), timeout);
            long pttl = await(ttls.get(i), timeout);
            if (dump != null && pttl != -2) {
                digest.add(db, keys.get(i), DumpPayload.encodedValueOf(dump), pttl >= 0);
            }
        }
    }

    private static <T> T await(RedisFuture<T> future, Duration timeout) {
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StewardException("interrupted while reading keys for a dataset digest", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new StewardException("dataset digest: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new StewardException("dataset digest: no reply within " + timeout, e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always provides SHA-256", e);
        }
    }
}
