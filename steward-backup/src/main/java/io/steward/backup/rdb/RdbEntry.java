package io.steward.backup.rdb;

import java.nio.charset.StandardCharsets;

/**
 * One key of an RDB file.
 *
 * @param db             the database number
 * @param key            the key's bytes
 * @param type           the logical type
 * @param encoding       the RDB object type byte (for example 0 string, 18 quicklist, 16 hash listpack)
 * @param expireAtMillis the absolute expiry in Unix milliseconds, or -1 when the key does not expire
 * @param encodedValue   the object type byte followed by the value's bytes exactly as in the RDB (what
 *                       {@code DUMP} returns, minus version and CRC; see {@link DumpPayload}); null when
 *                       the reader was not asked to capture values
 * @param idleSeconds    the LRU idle time Redis recorded ({@code IDLE} opcode, written under an LRU
 *                       {@code maxmemory-policy}), or -1 when the file has none for this key
 * @param lfuFrequency   the LFU counter Redis recorded ({@code FREQ} opcode, 0-255, written under an
 *                       LFU {@code maxmemory-policy}), or -1 when the file has none for this key
 */
public record RdbEntry(
        int db,
        byte[] key,
        RdbType type,
        int encoding,
        long expireAtMillis,
        byte[] encodedValue,
        long idleSeconds,
        int lfuFrequency) {

    /** An entry without LRU or LFU information. */
    public RdbEntry(int db, byte[] key, RdbType type, int encoding, long expireAtMillis, byte[] encodedValue) {
        this(db, key, type, encoding, expireAtMillis, encodedValue, -1, -1);
    }

    /** Whether the key has a time to live. */
    public boolean expires() {
        return expireAtMillis != -1;
    }

    @Override
    public String toString() {
        return "RdbEntry[db=" + db + ", key=" + new String(key, StandardCharsets.UTF_8) + ", type=" + type
                + ", encoding=" + encoding + ", expireAtMillis=" + expireAtMillis + ", encodedValue="
                + (encodedValue == null ? "null" : encodedValue.length + " bytes")
                + (idleSeconds >= 0 ? ", idleSeconds=" + idleSeconds : "")
                + (lfuFrequency >= 0 ? ", lfuFrequency=" + lfuFrequency : "") + "]";
    }
}
