package io.steward.client.lock;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Publishes a {@link StewardLocks}' {@link LockStats} to Micrometer, tagged {@code locks=<name>}:
 * {@code steward.lock.acquisitions} by {@code result} ({@code acquired}, {@code failed}),
 * {@code steward.lock.wait} (tryLock calls and the time spent in them), {@code steward.lock.releases},
 * {@code steward.lock.renewals}, {@code steward.lock.lost.leases} and
 * {@code steward.lock.not.replicated}. Micrometer is an optional dependency: only applications that
 * bind metrics need it.
 */
public final class LockMetrics implements MeterBinder {

    private final StewardLocks locks;
    private final Tags tags;

    public LockMetrics(StewardLocks locks, String name) {
        this.locks = Objects.requireNonNull(locks, "locks");
        this.tags = Tags.of("locks", Objects.requireNonNull(name, "name"));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        counter(registry, "steward.lock.acquisitions", Tags.of("result", "acquired"), LockStats::acquired);
        counter(registry, "steward.lock.acquisitions", Tags.of("result", "failed"), LockStats::failedAttempts);
        FunctionTimer.builder(
                        "steward.lock.wait",
                        locks,
                        l -> {
                            LockStats s = l.stats();
                            return s.acquired() + s.failedAttempts();
                        },
                        l -> l.stats().waitNanosTotal(),
                        TimeUnit.NANOSECONDS)
                .tags(tags)
                .description("tryLock calls and the time spent in them, acquired or not")
                .register(registry);
        counter(registry, "steward.lock.releases", Tags.empty(), LockStats::released);
        counter(registry, "steward.lock.renewals", Tags.empty(), LockStats::renewals);
        counter(registry, "steward.lock.lost.leases", Tags.empty(), LockStats::lostLeases);
        counter(registry, "steward.lock.not.replicated", Tags.empty(), LockStats::notReplicated);
    }

    private void counter(MeterRegistry registry, String name, Tags extra, ToDoubleFunction<LockStats> f) {
        FunctionCounter.builder(name, locks, l -> f.applyAsDouble(l.stats()))
                .tags(tags.and(extra))
                .register(registry);
    }
}
