package io.steward.bench;

import io.steward.HostAndPort;
import io.steward.client.ClientOptions;
import io.steward.client.Mode;
import io.steward.client.StewardClient;
import io.steward.client.ratelimit.Decision;
import io.steward.client.ratelimit.RateLimit;
import io.steward.client.ratelimit.RateLimiter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Steward's {@code RateLimiter} in {@code steward bench ratelimit}, with GCRA (burst 1) or a sliding window. */
final class StewardRateLimitContestant implements RateLimitContestant {

    private final StewardClient client;
    private final boolean slidingWindow;

    private StewardRateLimitContestant(StewardClient client, boolean slidingWindow) {
        this.client = client;
        this.slidingWindow = slidingWindow;
    }

    static RateLimitContestant gcra(HostAndPort redis) {
        return new StewardRateLimitContestant(connect(redis), false);
    }

    static RateLimitContestant slidingWindow(HostAndPort redis) {
        return new StewardRateLimitContestant(connect(redis), true);
    }

    private static StewardClient connect(HostAndPort redis) {
        return StewardClient.create(
                ClientOptions.builder().mode(Mode.STANDALONE).endpoints(redis).build());
    }

    @Override
    public String name() {
        return slidingWindow ? "Steward RateLimiter, sliding window" : "Steward RateLimiter, GCRA";
    }

    @Override
    public String description() {
        return "RateLimiter.create(client, namespace, List.of(RateLimit."
                + (slidingWindow ? "slidingWindow(name, limit, period)" : "gcra(name, limit, period)") + "))"
                + (slidingWindow ? "" : " (burst 1, the default)")
                + ", tryAcquire(identity); allowed decisions stamped with Decision.decidedAt (the server's TIME)";
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
        return slidingWindow ? 0 : 1;
    }

    @Override
    public Limiter limiter(String identity, long limit, Duration period) {
        RateLimit rule = slidingWindow
                ? RateLimit.slidingWindow("bench", limit, period)
                : RateLimit.gcra("bench", limit, period);
        RateLimiter limiter = RateLimiter.create(client, "bench-" + identity, List.of(rule));
        return () -> {
            Decision d = limiter.tryAcquire(identity);
            if (!d.allowed()) {
                return DENIED;
            }
            Instant at = d.decidedAt();
            return at.getEpochSecond() * 1_000_000_000L + at.getNano();
        };
    }

    @Override
    public void close() {
        client.close();
    }
}
