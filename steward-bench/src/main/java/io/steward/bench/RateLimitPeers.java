package io.steward.bench;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.bucket4j.redis.lettuce.cas.LettuceBasedProxyManager;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.steward.HostAndPort;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.redisson.api.RRateLimiter;
import org.redisson.api.RateType;
import org.redisson.api.RedissonClient;

/** The peers of {@code steward bench ratelimit}: Bucket4j's Lettuce backend, Redisson, a bare GCRA script. */
final class RateLimitPeers {

    /**
     * GCRA with the server's clock in microseconds: a request is allowed when the theoretical arrival time (TAT)
     * is at most {@code (burst - 1)} emission intervals ahead of now. Returns {allowed 0|1, server time in µs}.
     */
    static final String GCRA =
            """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
            local interval = tonumber(ARGV[1])
            local burst = tonumber(ARGV[2])
            local tat = tonumber(redis.call('GET', KEYS[1]) or now)
            if tat < now then tat = now end
            if tat - now > (burst - 1) * interval then return {0, now} end
            local next = tat + interval
            redis.call('SET', KEYS[1], string.format('%d', next), 'PX', math.ceil((next - now) / 1000) + 1000)
            return {1, now}
            """;

    private RateLimitPeers() {}

    /**
     * Bucket4j's Lettuce compare-and-swap backend as its documentation sets it up: a bucket of capacity
     * {@code limit} refilled greedily at {@code limit} per period, buckets expiring once full again.
     */
    static RateLimitContestant bucket4j(HostAndPort redis) {
        RedisClient client = RedisClient.create(RedisURI.create(redis.host(), redis.port()));
        LettuceBasedProxyManager<byte[]> buckets = Bucket4jLettuce.casBasedBuilder(client)
                .expirationAfterWrite(
                        ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                .build();
        return new RateLimitContestant() {
            @Override
            public String name() {
                return "Bucket4j Lettuce (CAS)";
            }

            @Override
            public String description() {
                return "Bucket4j " + BuildInfo.bucket4jVersion() + " Bucket4jLettuce.casBasedBuilder(redisClient),"
                        + " expiration basedOnTimeForRefillingBucketUpToMax(10 s); bucket capacity(limit)"
                        + ".refillGreedy(limit, period); bucket.tryConsume(1); client clock (Bucket4j's default)";
            }

            @Override
            public String clock() {
                return "client";
            }

            @Override
            public long bound(long limit) {
                return limit + burst(limit);
            }

            @Override
            public long burst(long limit) {
                return limit;
            }

            @Override
            public Limiter limiter(String identity, long limit, Duration period) {
                BucketConfiguration configuration = BucketConfiguration.builder()
                        .addLimit(l -> l.capacity(limit).refillGreedy(limit, period))
                        .build();
                BucketProxy bucket = buckets.builder()
                        .build(("bucket4j:" + identity).getBytes(StandardCharsets.UTF_8), () -> configuration);
                return () -> bucket.tryConsume(1) ? System.nanoTime() : DENIED;
            }

            @Override
            public void close() {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
        };
    }

    /** Redisson's {@code RRateLimiter}, OVERALL rate type (one limit across all clients). */
    static RateLimitContestant redisson(HostAndPort redis) {
        RedissonClient client = LockPeers.redisson(redis);
        return new RateLimitContestant() {
            @Override
            public String name() {
                return "Redisson RRateLimiter";
            }

            @Override
            public String description() {
                return "Redisson " + BuildInfo.redissonVersion() + " getRateLimiter(key).trySetRate(OVERALL, limit,"
                        + " period), tryAcquire(); useSingleServer() with Redisson's defaults; Redisson stamps"
                        + " permits with the client's clock";
            }

            @Override
            public String clock() {
                return "client";
            }

            @Override
            public long bound(long limit) {
                return limit;
            }

            @Override
            public long burst(long limit) {
                return 0;
            }

            @Override
            public Limiter limiter(String identity, long limit, Duration period) {
                RRateLimiter limiter = client.getRateLimiter("redisson:" + identity);
                limiter.trySetRate(RateType.OVERALL, limit, period);
                return () -> limiter.tryAcquire() ? System.nanoTime() : DENIED;
            }

            @Override
            public void close() {
                client.shutdown(0, 2, TimeUnit.SECONDS);
            }
        };
    }

    /** A GCRA script with burst 1 and the server's clock over one shared Lettuce connection: the floor. */
    static RateLimitContestant bareGcra(HostAndPort redis) {
        RedisClient client = RedisClient.create(RedisURI.create(redis.host(), redis.port()));
        StatefulRedisConnection<String, String> connection = client.connect();
        RedisCommands<String, String> commands = connection.sync();
        String sha = commands.scriptLoad(GCRA);
        return new RateLimitContestant() {
            @Override
            public String name() {
                return "bare GCRA script";
            }

            @Override
            public String description() {
                return "Lettuce " + BuildInfo.lettuceVersion() + ", one shared connection, EVALSHA of a 10-line GCRA"
                        + " script (burst 1, the server's TIME in µs, which it returns and the benchmark uses)";
            }

            @Override
            public String clock() {
                return "server";
            }

            @Override
            public long bound(long limit) {
                return limit + burst(limit);
            }

            @Override
            public long burst(long limit) {
                return 1;
            }

            @Override
            public Limiter limiter(String identity, long limit, Duration period) {
                String[] key = {"gcra:" + identity};
                String interval = Long.toString(period.toNanos() / 1000 / limit);
                return () -> {
                    List<Long> reply = commands.evalsha(sha, ScriptOutputType.MULTI, key, interval, "1");
                    return reply.get(0) == 1L ? reply.get(1) * 1000 : DENIED;
                };
            }

            @Override
            public void close() {
                connection.close();
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
        };
    }
}
