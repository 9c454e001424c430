package io.steward.backup;

import io.steward.HostAndPort;
import io.steward.backup.rdb.RdbContents;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One encrypted file of a backup.
 *
 * @param file         file name inside the backup's directory
 * @param kind         what the file holds
 * @param source       the node it came from
 * @param sourceRole   {@code master} or {@code replica} at the time of the backup
 * @param rawBytes     size before compression and encryption
 * @param storedBytes  size of the file
 * @param rawSha256    SHA-256 of the raw bytes, hex
 * @param storedSha256 SHA-256 of the file, hex
 * @param keysPerDb    keys per database of an RDB part (empty for other kinds)
 * @param contents     for an RDB part, the function libraries, LRU/LFU data and module data it holds
 *                     (counts only, never key names); null for other kinds and for RDB parts of
 *                     backups taken before manifests recorded it
 */
public record BackupPart(
        String file,
        Kind kind,
        HostAndPort source,
        String sourceRole,
        long rawBytes,
        long storedBytes,
        String rawSha256,
        String storedSha256,
        SortedMap<Integer, Long> keysPerDb,
        RdbContents contents) {

    /** What a part holds. */
    public enum Kind {
        RDB,
        AOF,
        CONFIG,
        ACL
    }

    public BackupPart {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(kind, "kind");
        keysPerDb = Collections.unmodifiableSortedMap(new TreeMap<>(keysPerDb == null ? new TreeMap<>() : keysPerDb));
    }

    /** A part without a record of its contents. */
    public BackupPart(
            String file,
            Kind kind,
            HostAndPort source,
            String sourceRole,
            long rawBytes,
            long storedBytes,
            String rawSha256,
            String storedSha256,
            SortedMap<Integer, Long> keysPerDb) {
        this(file, kind, source, sourceRole, rawBytes, storedBytes, rawSha256, storedSha256, keysPerDb, null);
    }

    /** Keys across all databases. */
    public long keys() {
        return keysPerDb.values().stream().mapToLong(Long::longValue).sum();
    }
}
