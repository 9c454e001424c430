package io.steward.client.cache;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How one region of the cache behaves. Build with {@link #builder(String, ValueCodec)}.
 *
 * <p>Keys in Redis are {@code namespace:key}, or {@code namespace:tenant:key} in a
 * {@link #perTenant() per-tenant} region ({@code namespace:{tenant}:key} with
 * {@link #coLocateTenants()}, so that a tenant's keys share a Cluster slot). Steward's own keys of
 * the region (tag generations, load leases) are under {@code namespace!}.
 *
 * @param namespace            the region's name and key prefix: letters, digits, {@code _ . -}
 * @param codec                turns values into bytes and back
 * @param ttl                  how long an entry lives in Redis
 * @param nearCacheSize        entries kept in this process; 0 turns the near cache off
 * @param nearCacheTtl         the longest an entry stays in the near cache (never past {@link #ttl})
 * @param compressionThreshold encoded values longer than this many bytes are stored zstd-compressed
 * @param perTenant            every access names a tenant ({@link Region#tenant})
 * @param coLocateTenants      a tenant's keys carry a Cluster hash tag (per-tenant regions only)
 * @param refreshAhead         fraction of {@link #ttl} after which a read reloads the entry in the
 *                             background while still answering with it; 0 turns it off
 * @param loadLease            how long one instance may hold the right to load a key before
 *                             others load it themselves
 */
public record RegionOptions<V>(
        String namespace,
        ValueCodec<V> codec,
        Duration ttl,
        int nearCacheSize,
        Duration nearCacheTtl,
        int compressionThreshold,
        boolean perTenant,
        boolean coLocateTenants,
        double refreshAhead,
        Duration loadLease) {

    public static final Duration DEFAULT_TTL = Duration.ofMinutes(10);
    public static final int DEFAULT_NEAR_CACHE_SIZE = 10_000;
    public static final Duration DEFAULT_NEAR_CACHE_TTL = Duration.ofMinutes(5);
    public static final int DEFAULT_COMPRESSION_THRESHOLD = 1024;
    public static final Duration DEFAULT_LOAD_LEASE = Duration.ofSeconds(5);

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    public RegionOptions {
        Objects.requireNonNull(namespace, "namespace");
        if (!NAME.matcher(namespace).matches()) {
            throw new IllegalArgumentException("namespace '" + namespace
                    + "': use 1-64 letters, digits, '_', '.' or '-' (':' and '!' separate Steward's keys)");
        }
        Objects.requireNonNull(codec, "codec");
        requirePositive(ttl, "ttl");
        requirePositive(nearCacheTtl, "nearCacheTtl");
        requirePositive(loadLease, "loadLease");
        if (nearCacheSize < 0) {
            throw new IllegalArgumentException(
                    "nearCacheSize must be >= 0 (0 turns the near cache off), was " + nearCacheSize);
        }
        if (compressionThreshold < 0) {
            throw new IllegalArgumentException("compressionThreshold must be >= 0, was " + compressionThreshold);
        }
        if (!(refreshAhead == 0 || (refreshAhead > 0 && refreshAhead < 1))) {
            throw new IllegalArgumentException(
                    "refreshAhead must be 0 (off) or a fraction of the TTL between 0 and 1, was " + refreshAhead);
        }
        if (coLocateTenants && !perTenant) {
            throw new IllegalArgumentException("coLocateTenants needs perTenant: only tenant keys are co-located");
        }
    }

    /** A builder with the defaults: TTL 10 min, near cache 10 000 entries for up to 5 min, zstd above 1 KiB. */
    public static <V> Builder<V> builder(String namespace, ValueCodec<V> codec) {
        return new Builder<>(namespace, codec);
    }

    private static void requirePositive(Duration d, String field) {
        Objects.requireNonNull(d, field);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(field + " must be positive, was " + d);
        }
    }

    /** Builds {@link RegionOptions}; validation happens in {@link #build()}. */
    public static final class Builder<V> {
        private final String namespace;
        private final ValueCodec<V> codec;
        private Duration ttl = DEFAULT_TTL;
        private int nearCacheSize = DEFAULT_NEAR_CACHE_SIZE;
        private Duration nearCacheTtl = DEFAULT_NEAR_CACHE_TTL;
        private int compressionThreshold = DEFAULT_COMPRESSION_THRESHOLD;
        private boolean perTenant;
        private boolean coLocateTenants;
        private double refreshAhead;
        private Duration loadLease = DEFAULT_LOAD_LEASE;

        private Builder(String namespace, ValueCodec<V> codec) {
            this.namespace = namespace;
            this.codec = codec;
        }

        public Builder<V> ttl(Duration ttl) {
            this.ttl = ttl;
            return this;
        }

        public Builder<V> nearCache(int size, Duration ttl) {
            this.nearCacheSize = size;
            this.nearCacheTtl = ttl;
            return this;
        }

        public Builder<V> noNearCache() {
            this.nearCacheSize = 0;
            return this;
        }

        public Builder<V> compressionThreshold(int bytes) {
            this.compressionThreshold = bytes;
            return this;
        }

        public Builder<V> perTenant(boolean coLocate) {
            this.perTenant = true;
            this.coLocateTenants = coLocate;
            return this;
        }

        public Builder<V> refreshAhead(double fractionOfTtl) {
            this.refreshAhead = fractionOfTtl;
            return this;
        }

        public Builder<V> loadLease(Duration lease) {
            this.loadLease = lease;
            return this;
        }

        /** @throws IllegalArgumentException naming the field that is wrong */
        public RegionOptions<V> build() {
            return new RegionOptions<>(
                    namespace,
                    codec,
                    ttl,
                    nearCacheSize,
                    nearCacheTtl,
                    compressionThreshold,
                    perTenant,
                    coLocateTenants,
                    refreshAhead,
                    loadLease);
        }
    }
}
