package io.steward.backup.rdb;

import java.util.Map;
import java.util.SortedMap;

/**
 * What a complete read of an RDB file found.
 *
 * @param rdbVersion      the format version from the header (Redis 7.0 writes 10)
 * @param aux             the auxiliary fields ({@code redis-ver}, {@code ctime}, ...) in file order
 * @param keysPerDb       keys per database; databases without keys are absent
 * @param keysWithExpiry  keys that have a time to live
 * @param checksumPresent whether the file carried a CRC-64 (it was verified); false when Redis saved it
 *                        with {@code rdbchecksum no} or the version predates checksums
 * @param bytesRead       bytes consumed, checksum included
 * @param contents        functions, LRU/LFU metadata and module data the file holds
 */
public record RdbSummary(
        int rdbVersion,
        Map<String, String> aux,
        SortedMap<Integer, Long> keysPerDb,
        long keysWithExpiry,
        boolean checksumPresent,
        long bytesRead,
        RdbContents contents) {

    public RdbSummary {
        aux = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(aux));
        keysPerDb = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(keysPerDb));
        java.util.Objects.requireNonNull(contents, "contents");
    }

    /** Keys in all databases. */
    public long keys() {
        return keysPerDb.values().stream().mapToLong(Long::longValue).sum();
    }
}
