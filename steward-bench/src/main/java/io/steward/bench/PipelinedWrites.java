package io.steward.bench;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.steward.StewardException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Fills a server fast: numbered writes through one Lettuce connection with auto-flush off, flushed
 * every {@link #FLUSH_EVERY} commands, at most {@link #WINDOW} replies outstanding.
 */
final class PipelinedWrites {

    static final int WINDOW = 8192;
    static final int FLUSH_EVERY = 1024;
    static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(5);

    /** Sends write number {@code i}. */
    @FunctionalInterface
    interface Write<K, V> {
        RedisFuture<?> send(RedisAsyncCommands<K, V> async, int i);
    }

    private PipelinedWrites() {}

    /**
     * Sends writes {@code 0 .. count-1} and waits for every reply; auto-flush is restored afterwards.
     *
     * @throws StewardException when a write fails or the server does not answer within {@link #DRAIN_TIMEOUT}
     */
    static <K, V> void run(
            StatefulRedisConnection<K, V> connection, int count, Write<K, V> write, Consumer<String> progress)
            throws InterruptedException {
        connection.setAutoFlushCommands(false);
        RedisAsyncCommands<K, V> async = connection.async();
        Semaphore window = new Semaphore(WINDOW);
        AtomicReference<Throwable> firstError = new AtomicReference<>();
        int tenth = Math.max(1, count / 10);
        try {
            for (int i = 0; i < count; i++) {
                if (firstError.get() != null) {
                    break;
                }
                window.acquire();
                write.send(async, i).whenComplete((ok, error) -> {
                    if (error != null) {
                        firstError.compareAndSet(null, error);
                    }
                    window.release();
                });
                if (i % FLUSH_EVERY == FLUSH_EVERY - 1) {
                    connection.flushCommands();
                }
                if (i % tenth == tenth - 1) {
                    progress.accept("fill: " + (i + 1) + " of " + count + " keys");
                }
            }
            connection.flushCommands();
            if (!window.tryAcquire(WINDOW, DRAIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new StewardException(
                        "the server did not answer the fill's writes within " + DRAIN_TIMEOUT.toMinutes() + " min");
            }
        } finally {
            connection.setAutoFlushCommands(true);
        }
        Throwable error = firstError.get();
        if (error != null) {
            throw new StewardException("filling the data set failed: " + error.getMessage(), error);
        }
    }
}
