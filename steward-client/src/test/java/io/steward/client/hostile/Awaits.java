package io.steward.client.hostile;

import static org.awaitility.Awaitility.await;

import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/** Conditions the hostile probes wait for, instead of sleeping and checking once. */
final class Awaits {

    private Awaits() {}

    /** Fails unless {@code condition} holds for the whole of {@code period} (checked every 50 ms). */
    static void holdsThroughout(Duration period, Callable<Boolean> condition) {
        await().during(period)
                .atMost(period.plusSeconds(5))
                .pollInterval(Duration.ofMillis(50))
                .until(condition);
    }

    /** Waits until {@code thread} is parked: waiting for a lock, a notification or a reply. */
    static void parked(Thread thread) {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            Thread.State s = thread.getState();
            return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING;
        });
    }

    /** Waits until every thread in {@code threads} is parked. */
    static void parked(List<Thread> threads) {
        threads.forEach(Awaits::parked);
    }

    /** Waits until the server's clock ({@code TIME}) has reached {@code instant}. */
    static void serverTime(RedisCommands<String, String> redis, Instant instant) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> {
                    List<String> t = redis.time();
                    Instant now = Instant.ofEpochSecond(Long.parseLong(t.get(0)), Long.parseLong(t.get(1)) * 1000);
                    return !now.isBefore(instant);
                });
    }
}
