package io.steward.client.internal;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * What the metric binders of locks, rate limits and one-time codes share. Their convention: meters are named
 * {@code steward.<capability>.<what>} and tagged {@code name=<the name the application gave the binder>}, plus
 * {@code result} where a count is split by outcome. Micrometer is optional: this class is loaded only by
 * binders.
 */
public final class Meters {

    /** The tag every Steward binder puts on its meters: the name the application gave it. */
    public static final String NAME_TAG = "name";

    private Meters() {}

    /**
     * Registers a counter that reads {@code field} of {@code source}'s stats when scraped. Micrometer holds
     * {@code source} weakly: pass the application's object, never a wrapper of it.
     */
    public static <S, T> void counter(
            MeterRegistry registry, String name, Tags tags, S source, Function<S, T> stats, ToDoubleFunction<T> field) {
        FunctionCounter.builder(name, source, s -> field.applyAsDouble(stats.apply(s)))
                .tags(tags)
                .register(registry);
    }
}
