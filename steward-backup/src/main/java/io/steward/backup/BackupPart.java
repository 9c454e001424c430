package io.steward.backup;

import io.steward.HostAndPort;
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
        SortedMap<Integer, Long> keysPerDb) {

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

    /** Keys across all databases. */
    public long keys() {
        return keysPerDb.values().stream().mapToLong(Long::longValue).sum();
    }
}
