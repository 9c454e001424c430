package io.steward.client.token;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Publishes the {@link TokenStats} of one-time codes or tokens to Micrometer, tagged {@code kind} ("code" or
 * "token") and {@code name}: {@code steward.onetime.issued}, {@code steward.onetime.refused} (resend cooldown),
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
        this.tags = Tags.of("kind", kind, "name", Objects.requireNonNull(name, "name"));
    }

    private static TokenStats statsOf(Object source) {
        return source instanceof OneTimeCodes codes ? codes.stats() : ((OneTimeTokens) source).stats();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        counter(registry, "steward.onetime.issued", tags, TokenStats::issued);
        counter(registry, "steward.onetime.refused", tags, TokenStats::refused);
        counter(registry, "steward.onetime.errors", tags, TokenStats::errors);
        counter(registry, "steward.onetime.verifications", tags.and("result", "valid"), TokenStats::verified);
        counter(registry, "steward.onetime.verifications", tags.and("result", "wrong"), TokenStats::wrong);
        counter(registry, "steward.onetime.verifications", tags.and("result", "expired"), TokenStats::expired);
        counter(registry, "steward.onetime.verifications", tags.and("result", "exhausted"), TokenStats::exhausted);
        counter(registry, "steward.onetime.verifications", tags.and("result", "unknown"), TokenStats::unknown);
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

    private void counter(MeterRegistry registry, String name, Tags meterTags, ToDoubleFunction<TokenStats> f) {
        FunctionCounter.builder(name, source, s -> f.applyAsDouble(statsOf(s)))
                .tags(meterTags)
                .register(registry);
    }
}
