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
 */
public record RdbEntry(int db, byte[] key, RdbType type, int encoding, long expireAtMillis, byte[] encodedValue) {

    /** Whether the key has a time to live. */
    public boolean expires() {
        return expireAtMillis != -1;
    }

    @Override
    public String toString() {
        return "RdbEntry[db=" + db + ", key=" + new String(key, StandardCharsets.UTF_8) + ", type=" + type
                + ", encoding=" + encoding + ", expireAtMillis=" + expireAtMillis + ", encodedValue="
                + (encodedValue == null ? "null" : encodedValue.length + " bytes") + "]";
    }
}
