package io.steward.client.token;

import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.steward.client.internal.Meters;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Publishes the {@link TokenStats} of one-time codes or tokens to Micrometer, tagged {@code name} (the name given
 * here) and {@code kind} ("code" or "token"): {@code steward.onetime.issued}, {@code steward.onetime.refused} (resend cooldown),
 * {@code steward.onetime.verifications} by {@code result} (valid, wrong, expired, exhausted, unknown),
 * {@code steward.onetime.verify} (verifications and their time) and {@code steward.onetime.errors} (Redis
 * unavailable). Micrometer is an optional dependency: only applications that bind metrics need it.
 */
public final class TokenMetrics implements MeterBinder {

    /** Micrometer holds meter state weakly: the state is the application's codes or tokens, never a wrapper. */
    private final Object source;

    private final Tags tags;

    public TokenMetrics(OneTimeCodes codes, String name) {
        this(Objects.requireNonNull(codes, "codes"), "code", name);
    }

    public TokenMetrics(OneTimeTokens tokens, String name) {
        this(Objects.requireNonNull(tokens, "tokens"), "token", name);
    }

    private TokenMetrics(Object source, String kind, String name) {
        this.source = source;
        this.tags = Tags.of(Meters.NAME_TAG, Objects.requireNonNull(name, "name"), "kind", kind);
    }

    private static TokenStats statsOf(Object source) {
        return source instanceof OneTimeCodes codes ? codes.stats() : ((OneTimeTokens) source).stats();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Meters.counter(registry, "steward.onetime.issued", tags, source, TokenMetrics::statsOf, TokenStats::issued);
        Meters.counter(registry, "steward.onetime.refused", tags, source, TokenMetrics::statsOf, TokenStats::refused);
        Meters.counter(registry, "steward.onetime.errors", tags, source, TokenMetrics::statsOf, TokenStats::errors);
        Meters.counter(
                registry,
                "steward.onetime.verifications",
                tags.and("result", "valid"),
                source,
                TokenMetrics::statsOf,
                TokenStats::verified);
        Meters.counter(
                registry,
                "steward.onetime.verifications",
                tags.and("result", "wrong"),
                source,
                TokenMetrics::statsOf,
                TokenStats::wrong);
        Meters.counter(
                registry,
                "steward.onetime.verifications",
                tags.and("result", "expired"),
                source,
                TokenMetrics::statsOf,
                TokenStats::expired);
        Meters.counter(
                registry,
                "steward.onetime.verifications",
                tags.and("result", "exhausted"),
                source,
                TokenMetrics::statsOf,
                TokenStats::exhausted);
        Meters.counter(
                registry,
                "steward.onetime.verifications",
                tags.and("result", "unknown"),
                source,
                TokenMetrics::statsOf,
                TokenStats::unknown);
        FunctionTimer.builder(
                        "steward.onetime.verify",
                        source,
                        s -> statsOf(s).verifications(),
                        s -> statsOf(s).verifyNanos(),
                        TimeUnit.NANOSECONDS)
                .tags(tags)
                .description("verifications that answered, and the time they took")
                .register(registry);
    }
}
