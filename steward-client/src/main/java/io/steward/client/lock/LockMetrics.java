package io.steward.client.lock;

import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.steward.client.internal.Meters;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Publishes a {@link StewardLocks}' {@link LockStats} to Micrometer, tagged {@code name=<name>}:
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
        this.tags = Tags.of(Meters.NAME_TAG, Objects.requireNonNull(name, "name"));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Meters.counter(
                registry,
                "steward.lock.acquisitions",
                tags.and("result", "acquired"),
                locks,
                StewardLocks::stats,
                LockStats::acquired);
        Meters.counter(
                registry,
                "steward.lock.acquisitions",
                tags.and("result", "failed"),
                locks,
                StewardLocks::stats,
                LockStats::failedAttempts);
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
        Meters.counter(registry, "steward.lock.releases", tags, locks, StewardLocks::stats, LockStats::released);
        Meters.counter(registry, "steward.lock.renewals", tags, locks, StewardLocks::stats, LockStats::renewals);
        Meters.counter(registry, "steward.lock.lost.leases", tags, locks, StewardLocks::stats, LockStats::lostLeases);
        Meters.counter(
                registry, "steward.lock.not.replicated", tags, locks, StewardLocks::stats, LockStats::notReplicated);
    }
}
