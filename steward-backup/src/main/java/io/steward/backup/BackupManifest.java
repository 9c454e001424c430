package io.steward.backup;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a backup is: written next to its parts and authenticated with a MAC under the backup key,
 * so an edited manifest fails verification.
 *
 * @param id           catalog id, such as {@code 20261123T161700Z-rdb-3f9a}
 * @param type         rdb or full
 * @param reason       why it was taken: {@code manual}, {@code scheduled} or {@code pre-restore}
 * @param createdAt    when the transfer started
 * @param deployment   the deployment name from steward.yaml
 * @param topology     {@code standalone}, {@code sentinel} or {@code cluster}
 * @param redisVersion the source's {@code redis-ver}
 * @param rdbVersion   the RDB format version
 * @param compression  {@code zstd}
 * @param encryption   {@code aes-256-gcm}
 * @param keyId        id of the key that encrypted the parts
 * @param parts        the encrypted files
 */
public record BackupManifest(
        String id,
        BackupType type,
        String reason,
        Instant createdAt,
        String deployment,
        String topology,
        String redisVersion,
        int rdbVersion,
        String compression,
        String encryption,
        String keyId,
        List<BackupPart> parts) {

    public static final String COMPRESSION = "zstd";
    public static final String ENCRYPTION = "aes-256-gcm";

    public BackupManifest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(createdAt, "createdAt");
        parts = List.copyOf(parts);
    }

    /** Keys per database across every RDB part. */
    public SortedMap<Integer, Long> keysPerDb() {
        SortedMap<Integer, Long> total = new TreeMap<>();
        parts.forEach(p -> p.keysPerDb().forEach((db, n) -> total.merge(db, n, Long::sum)));
        return total;
    }

    public long keys() {
        return parts.stream().mapToLong(BackupPart::keys).sum();
    }

    public long rawBytes() {
        return parts.stream().mapToLong(BackupPart::rawBytes).sum();
    }

    public long storedBytes() {
        return parts.stream().mapToLong(BackupPart::storedBytes).sum();
    }

    /** The RDB parts, one per shard. */
    public List<BackupPart> rdbParts() {
        return parts.stream().filter(p -> p.kind() == BackupPart.Kind.RDB).toList();
    }
}
