package io.steward.spring.boot.coordination;

import io.steward.ConfigException;
import io.steward.client.StewardClient;
import io.steward.client.ratelimit.RateLimit;
import io.steward.client.ratelimit.RateLimiter;
import io.steward.client.ratelimit.RateLimiterOptions;
import io.steward.spring.boot.OptionErrors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The rate limiters defined under {@code steward.rate-limits.<name>}, all created when the context starts so
 * that a bad definition fails the start naming its property. Thread-safe; the limiters keep no connection of
 * their own (they use the {@link StewardClient}'s), so there is nothing to close.
 */
public final class StewardRateLimiters {

    static final String PREFIX = "steward.rate-limits.";

    private final Map<String, RateLimiter> limiters;

    private StewardRateLimiters(Map<String, RateLimiter> limiters) {
        this.limiters = Map.copyOf(limiters);
    }

    /**
     * The limiters of {@code properties}, through {@code client}.
     *
     * @throws ConfigException naming the {@code steward.rate-limits.*} property of the first bad definition
     */
    public static StewardRateLimiters create(StewardClient client, StewardRateLimitProperties properties) {
        Objects.requireNonNull(client, "client");
        return create(client, definitions(properties));
    }

    /** The limiters of already validated {@code definitions}, through {@code client}. */
    static StewardRateLimiters create(StewardClient client, Map<String, Definition> definitions) {
        Map<String, RateLimiter> limiters = new LinkedHashMap<>();
        definitions.forEach((name, definition) -> {
            try {
                limiters.put(name, RateLimiter.create(client, name, definition.limits(), definition.options()));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw OptionErrors.rename(e, PREFIX + name, Map.of("namespace", PREFIX + name));
            }
        });
        return new StewardRateLimiters(limiters);
    }

    /**
     * The limiter defined under {@code steward.rate-limits.<name>}.
     *
     * @throws IllegalArgumentException when no limiter of that name is defined
     */
    public RateLimiter limiter(String name) {
        RateLimiter limiter = limiters.get(name);
        if (limiter == null) {
            throw new IllegalArgumentException("no rate limiter '" + name + "': define it under " + PREFIX + name
                    + ".limits[0] (defined: " + names() + ")");
        }
        return limiter;
    }

    /** The names of the defined limiters. */
    public Set<String> names() {
        return limiters.keySet();
    }

    /** A limiter's validated limits and options, before anything touches Redis. */
    record Definition(List<RateLimit> limits, RateLimiterOptions options) {}

    /**
     * Validates every definition without a client.
     *
     * @throws ConfigException naming the property of the first bad setting
     */
    static Map<String, Definition> definitions(StewardRateLimitProperties properties) {
        Map<String, Definition> definitions = new LinkedHashMap<>();
        properties.rateLimits().forEach((name, limiter) -> definitions.put(name, definition(name, limiter)));
        return definitions;
    }

    private static Definition definition(String name, StewardRateLimitProperties.Limiter limiter) {
        String section = PREFIX + name;
        if (limiter.limits().isEmpty()) {
            throw new ConfigException(
                    section + ".limits",
                    "rate limiter '" + name + "' has no limits; set " + section + ".limits[0].limit" + " and .period");
        }
        List<RateLimit> limits = new ArrayList<>();
        for (int i = 0; i < limiter.limits().size(); i++) {
            limits.add(limit(section + ".limits[" + i + "]", i, limiter.limits().get(i)));
        }
        RateLimiterOptions.Builder options = RateLimiterOptions.builder();
        if (limiter.failOpen() != null) {
            options.failOpen(limiter.failOpen());
        }
        if (limiter.keyPrefix() != null) {
            options.keyPrefix(limiter.keyPrefix());
        }
        try {
            return new Definition(limits, options.build());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw OptionErrors.rename(e, section, Map.of("keyPrefix", section + ".key-prefix"));
        }
    }

    private static RateLimit limit(String property, int index, StewardRateLimitProperties.Limit limit) {
        if (limit.limit() == null) {
            throw new ConfigException(property + ".limit", "is required: the permits per period");
        }
        if (limit.period() == null) {
            throw new ConfigException(property + ".period", "is required: the period or window, such as 1m");
        }
        String name = limit.name() != null ? limit.name() : Integer.toString(index);
        boolean slidingWindow = limit.algorithm() == StewardRateLimitProperties.Algorithm.SLIDING_WINDOW;
        try {
            RateLimit rateLimit = slidingWindow
                    ? RateLimit.slidingWindow(name, limit.limit(), limit.period())
                    : RateLimit.gcra(name, limit.limit(), limit.period());
            return limit.burst() != null ? rateLimit.withBurst(limit.burst()) : rateLimit;
        } catch (IllegalArgumentException | NullPointerException e) {
            throw OptionErrors.rename(
                    e,
                    property,
                    Map.of(
                            "name", property + ".name",
                            "limit", property + ".limit",
                            "period", property + ".period",
                            "window", property + ".period",
                            "burst", property + ".burst"));
        }
    }
}
