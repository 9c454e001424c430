package io.steward.client.cache.internal;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.async.RedisKeyAsyncCommands;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.api.async.RedisStringAsyncCommands;
import io.steward.client.cache.CacheOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every Redis call of the cache goes through here: with a time limit, behind a Resilience4j circuit
 * breaker, and counted. Writes that could not be made while Redis was unavailable are remembered
 * (up to {@link #MAX_REPLAYS} keys) and replayed as deletes and tag increments once the circuit
 * closes again, so no instance goes on reading a value older than one the application wrote; then
 * {@code afterRecovery} runs (the cache drops its near entries, which those writes did not reach).
 */
final class RedisAccess {

    static final int MAX_REPLAYS = 100_000;

    private static final Logger log = LoggerFactory.getLogger(RedisAccess.class);
    private static final String RELEASE_LEASE =
            "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

    private final RedisStringAsyncCommands<String, byte[]> strings;
    private final RedisKeyAsyncCommands<String, byte[]> keys;
    private final RedisScriptingAsyncCommands<String, byte[]> scripts;
    private final long timeoutNanos;
    private final CircuitBreaker breaker;
    private final Counters counters;
    private final Set<String> replayDeletes = ConcurrentHashMap.newKeySet();
    private final Set<String> replayIncrements = ConcurrentHashMap.newKeySet();

    private <
                    C extends
                            RedisStringAsyncCommands<String, byte[]> & RedisKeyAsyncCommands<String, byte[]>
                                    & RedisScriptingAsyncCommands<String, byte[]>>
            RedisAccess(
                    C commands, CacheOptions options, Counters counters, Executor replayer, Runnable afterRecovery) {
        this.strings = commands;
        this.keys = commands;
        this.scripts = commands;
        this.timeoutNanos = options.redisTimeout().toNanos();
        this.counters = counters;
        this.breaker = CircuitBreaker.of(
                "steward-cache",
                CircuitBreakerConfig.custom()
                        .slidingWindow(
                                options.windowSize(),
                                options.minimumCalls(),
                                CircuitBreakerConfig.SlidingWindowType.COUNT_BASED,
                                CircuitBreakerConfig.SlidingWindowSynchronizationStrategy.LOCK_FREE)
                        .failureRateThreshold(options.failureRateThreshold())
                        .waitDurationInOpenState(options.openDuration())
                        .permittedNumberOfCallsInHalfOpenState(options.probeCalls())
                        .automaticTransitionFromOpenToHalfOpenEnabled(false)
                        .build());
        breaker.getEventPublisher().onStateTransition(event -> {
            log.info("Cache circuit {}", event.getStateTransition());
            if (event.getStateTransition().getToState() == CircuitBreaker.State.CLOSED) {
                replayer.execute(() -> {
                    replay();
                    afterRecovery.run();
                });
            }
        });
    }

    static <
                    C extends
                            RedisStringAsyncCommands<String, byte[]> & RedisKeyAsyncCommands<String, byte[]>
                                    & RedisScriptingAsyncCommands<String, byte[]>>
            RedisAccess over(
                    C commands, CacheOptions options, Counters counters, Executor replayer, Runnable afterRecovery) {
        return new RedisAccess(commands, options, counters, replayer, afterRecovery);
    }

    CircuitBreaker.State state() {
        return breaker.getState();
    }

    /**
     * Sets {@code key} without waiting or counting, outside the circuit breaker: for lag probes, which measure and must
     * not change how the cache behaves. Failures are dropped.
     */
    void setQuietly(String key, byte[] value, long ttlMillis) {
        strings.set(key, value, SetArgs.Builder.px(ttlMillis));
    }

    /** Gets {@code key} as {@link #setQuietly} sets it: uncounted, outside the breaker, not waited for. */
    java.util.concurrent.CompletionStage<byte[]> getQuietly(String key) {
        return strings.get(key);
    }

    /** The value of {@code key}, or {@code null}. */
    byte[] get(String key) {
        return call(s -> s.get(key));
    }

    void set(String key, byte[] value, long ttlMillis) {
        call(s -> s.set(key, value, SetArgs.Builder.px(ttlMillis)));
    }

    /**
     * Sets every entry without waiting in between (one round trip's latency for the batch).
     *
     * @return how many entries were not stored
     */
    int setAll(Map<String, byte[]> entries, long ttlMillis) {
        if (!breaker.tryAcquirePermission()) {
            counters.notPermitted.increment();
            throw RedisUnavailableException.CIRCUIT_OPEN;
        }
        long start = System.nanoTime();
        long deadline = start + timeoutNanos;
        List<RedisFuture<String>> sent = new ArrayList<>(entries.size());
        entries.forEach((k, v) -> sent.add(strings.set(k, v, SetArgs.Builder.px(ttlMillis))));
        int failed = 0;
        Throwable firstFailure = null;
        for (RedisFuture<String> f : sent) {
            try {
                f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                failed++;
                firstFailure = firstFailure == null ? e.getCause() : firstFailure;
            } catch (TimeoutException e) {
                failed++;
                f.cancel(false);
                firstFailure = firstFailure == null ? e : firstFailure;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                breaker.releasePermission();
                throw new RedisUnavailableException("interrupted while waiting for Redis", e);
            }
        }
        long elapsed = done(start);
        if (firstFailure == null) {
            breaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
        } else {
            counters.redisFailures.increment();
            breaker.onError(elapsed, TimeUnit.NANOSECONDS, firstFailure);
        }
        return failed;
    }

    /** Sets {@code key} to {@code token} unless it exists; true when this call set it. */
    boolean setIfAbsent(String key, byte[] token, long ttlMillis) {
        return "OK".equals(call(s -> s.set(key, token, SetArgs.Builder.nx().px(ttlMillis))));
    }

    /** Deletes {@code key} if it still holds {@code token}. */
    void releaseLease(String key, byte[] token) {
        callScript(s -> s.eval(RELEASE_LEASE, ScriptOutputType.INTEGER, new String[] {key}, token));
    }

    long increment(String key) {
        Long value = call(s -> s.incr(key));
        return value == null ? 0 : value;
    }

    /** The counter at {@code key}; 0 when absent. */
    long counter(String key) {
        byte[] value = get(key);
        return value == null ? 0 : Long.parseLong(new String(value, StandardCharsets.US_ASCII));
    }

    void delete(String key) {
        callKeys(k -> k.del(key));
    }

    /** Remembers a delete to make once Redis is back (counted as a skipped write). */
    void deleteLater(String key) {
        remember(replayDeletes, key);
    }

    /** Remembers a tag increment to make once Redis is back. */
    void incrementLater(String key) {
        remember(replayIncrements, key);
    }

    private void remember(Set<String> replays, String key) {
        counters.skippedWrites.increment();
        if (replayDeletes.size() + replayIncrements.size() >= MAX_REPLAYS) {
            counters.droppedReplays.increment();
        } else {
            replays.add(key);
        }
    }

    private void replay() {
        int done = 0;
        try {
            for (String key : List.copyOf(replayIncrements)) {
                increment(key);
                replayIncrements.remove(key);
                done++;
            }
            for (String key : List.copyOf(replayDeletes)) {
                delete(key);
                replayDeletes.remove(key);
                done++;
            }
        } catch (RedisUnavailableException e) {
            log.warn("Replaying skipped cache writes stopped after {}: {}", done, e.getMessage());
        } finally {
            counters.replayedWrites.add(done);
        }
        if (done > 0) {
            log.info("Replayed {} cache writes skipped while Redis was unavailable", done);
        }
    }

    private <T> T call(Function<RedisStringAsyncCommands<String, byte[]>, RedisFuture<T>> command) {
        return await(() -> command.apply(strings));
    }

    private <T> T callKeys(Function<RedisKeyAsyncCommands<String, byte[]>, RedisFuture<T>> command) {
        return await(() -> command.apply(keys));
    }

    private <T> T callScript(Function<RedisScriptingAsyncCommands<String, byte[]>, RedisFuture<T>> command) {
        return await(() -> command.apply(scripts));
    }

    private <T> T await(Supplier<RedisFuture<T>> send) {
        if (!breaker.tryAcquirePermission()) {
            counters.notPermitted.increment();
            throw RedisUnavailableException.CIRCUIT_OPEN;
        }
        long start = System.nanoTime();
        RedisFuture<T> future = null;
        try {
            future = send.get();
            T result = future.get(timeoutNanos, TimeUnit.NANOSECONDS);
            long elapsed = done(start);
            breaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
            return result;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            long elapsed = done(start);
            if (cause instanceof RedisCommandExecutionException rejected
                    && rejected.getMessage() != null
                    && rejected.getMessage().startsWith("WRONGTYPE")) {
                breaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
                throw new Envelope.CorruptValueException("the key holds another type: " + rejected.getMessage());
            }
            throw failed(elapsed, cause);
        } catch (TimeoutException e) {
            future.cancel(false);
            throw failed(
                    done(start),
                    new TimeoutException("no reply from Redis within " + timeoutNanos / 1_000_000 + " ms"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            breaker.releasePermission();
            throw new RedisUnavailableException("interrupted while waiting for Redis", e);
        } catch (RuntimeException e) {
            throw failed(done(start), e);
        }
    }

    private long done(long start) {
        long elapsed = System.nanoTime() - start;
        counters.redisCalls.increment();
        counters.redisNanos.add(elapsed);
        return elapsed;
    }

    private RedisUnavailableException failed(long elapsed, Throwable cause) {
        counters.redisFailures.increment();
        breaker.onError(elapsed, TimeUnit.NANOSECONDS, cause);
        return new RedisUnavailableException("Redis call failed: " + cause, cause);
    }
}
