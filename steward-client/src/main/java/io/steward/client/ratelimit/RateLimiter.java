package io.steward.client.ratelimit;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisScriptingCommands;
import io.steward.ConnectionFailedException;
import io.steward.client.StewardClient;
import io.steward.client.internal.HashTags;
import io.steward.client.internal.LuaScript;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * Rate limits shared by every process that uses the same Redis: each decision is one script run
 * ({@code EVALSHA}) that checks every limit of the limiter for one identity against the server's
 * clock and consumes the permits in all of them only when all allow. No count is kept in the JVM, so
 * no concurrency, in one process or many, admits more than the limits allow.
 *
 * <p>Keys: {@code <prefix><namespace>:{<identity>}:<limit name>}, one per limit and identity, with a
 * time to live so that an identity's keys vanish once its state is back to fresh (see
 * {@code docs/coordination.md}). The identity is the cluster hash tag: every mode works.
 *
 * <p>Thread-safe; share one per namespace.
 */
public final class RateLimiter {

    /** More limits than this per limiter is a configuration mistake (each costs a key per identity). */
    static final int MAX_LIMITS = 16;

    private static final LuaScript SCRIPT = LuaScript.resource(RateLimiter.class, "rate-limit.lua");
    private static final int GCRA = 1;
    private static final int SLIDING_WINDOW = 2;

    private final RedisScriptingCommands<String, String> commands;
    private final String namespace;
    private final List<RateLimit> limits;
    private final RateLimiterOptions options;
    private final LimiterKeys keys;
    private final String[] names;
    private final String[] onePermit;
    private final long maxPermits;
    private final LongAdder allowed = new LongAdder();
    private final LongAdder denied = new LongAdder();
    private final LongAdder failures = new LongAdder();

    private RateLimiter(
            RedisScriptingCommands<String, String> commands,
            String namespace,
            List<RateLimit> limits,
            RateLimiterOptions options) {
        this.commands = commands;
        this.namespace = namespace;
        this.limits = limits;
        this.options = options;
        this.keys = new LimiterKeys(options.keyPrefix(), namespace, limits);
        this.names = new String[limits.size()];
        this.onePermit = new String[1 + 3 * limits.size()];
        long most = Long.MAX_VALUE;
        onePermit[0] = "1";
        for (int i = 0; i < limits.size(); i++) {
            RateLimit limit = limits.get(i);
            names[i] = limit.name();
            most = Math.min(most, limit.maxPermits());
            if (limit.isSlidingWindow()) {
                onePermit[1 + 3 * i] = Integer.toString(SLIDING_WINDOW);
                onePermit[2 + 3 * i] = Long.toString(limit.limit());
                onePermit[3 + 3 * i] = Long.toString(limit.periodMicros());
            } else {
                long interval = limit.emissionIntervalMicros();
                onePermit[1 + 3 * i] = Integer.toString(GCRA);
                onePermit[2 + 3 * i] = Long.toString(interval);
                onePermit[3 + 3 * i] = Long.toString(interval * limit.burst());
            }
        }
        this.maxPermits = most;
    }

    /** As {@link #create(StewardClient, String, List, RateLimiterOptions)} with {@link RateLimiterOptions#defaults()}. */
    public static RateLimiter create(StewardClient client, String namespace, List<RateLimit> limits) {
        return create(client, namespace, limits, RateLimiterOptions.defaults());
    }

    /**
     * A limiter enforcing every one of {@code limits} for each identity.
     *
     * @param namespace names the limiter in keys (for example {@code "login"}): non-blank, no braces
     * @param limits    one to {@value #MAX_LIMITS} limits with distinct names, checked and consumed atomically
     * @throws IllegalArgumentException for a bad namespace, no limits, too many, or two with one name
     */
    public static RateLimiter create(
            StewardClient client, String namespace, List<RateLimit> limits, RateLimiterOptions options) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(options, "options");
        List<RateLimit> copy = List.copyOf(Objects.requireNonNull(limits, "limits"));
        if (HashTags.requireNoBraces(namespace, "namespace").isBlank()) {
            throw new IllegalArgumentException("namespace must not be blank");
        }
        if (copy.isEmpty() || copy.size() > MAX_LIMITS) {
            throw new IllegalArgumentException("limits must hold 1 to " + MAX_LIMITS + " limits, held " + copy.size());
        }
        Set<String> seen = new HashSet<>();
        for (RateLimit limit : copy) {
            if (!seen.add(limit.name())) {
                throw new IllegalArgumentException("limits must have distinct names; '" + limit.name() + "' repeats");
            }
        }
        return new RateLimiter(LuaScript.commandsOf(client), namespace, copy, options);
    }

    /** As {@link #tryAcquire(String, long)} for one permit. */
    public Decision tryAcquire(String identity) {
        return tryAcquire(identity, 1);
    }

    /**
     * Asks for {@code permits} for {@code identity} in every limit at once: granted and consumed in all
     * of them, or in none. One round trip to Redis.
     *
     * @param identity who is limited (a user, an IP address, an API key): any non-empty string
     * @param permits  at least 1, at most the smallest burst (GCRA) or limit (sliding window) of the
     *                 limiter: a larger request could never be admitted
     * @throws IllegalArgumentException          for an empty identity or permits out of range
     * @throws io.steward.ConnectionFailedException when Redis is unavailable and the limiter fails closed
     *                                           (the default)
     */
    public Decision tryAcquire(String identity, long permits) {
        Objects.requireNonNull(identity, "identity");
        if (identity.isEmpty()) {
            throw new IllegalArgumentException("identity must not be empty");
        }
        if (permits < 1 || permits > maxPermits) {
            throw new IllegalArgumentException("permits must be between 1 and " + maxPermits
                    + " (the smallest burst or sliding-window limit of '" + namespace + "'), was " + permits);
        }
        String[] args = onePermit;
        if (permits != 1) {
            args = onePermit.clone();
            args[0] = Long.toString(permits);
        }
        List<Object> reply;
        try {
            reply = SCRIPT.run(commands, ScriptOutputType.MULTI, keys.keys(identity), args);
        } catch (ConnectionFailedException e) {
            failures.increment();
            if (options.failOpen()) {
                return Decision.openWithoutRedis(options.clock().instant());
            }
            throw e;
        } catch (RuntimeException e) {
            failures.increment();
            throw e;
        }
        return decision(reply);
    }

    private Decision decision(List<Object> reply) {
        boolean granted = (Long) reply.get(0) == 1L;
        long remaining = (Long) reply.get(1);
        long micros = (Long) reply.get(4);
        Instant decidedAt = Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000);
        if (granted) {
            allowed.increment();
            return new Decision(true, remaining, Duration.ZERO, null, decidedAt);
        }
        denied.increment();
        long retryMicros = (Long) reply.get(2);
        int refusedBy = (int) (long) (Long) reply.get(3);
        return new Decision(false, remaining, Duration.ofNanos(retryMicros * 1000), names[refusedBy - 1], decidedAt);
    }

    /** The namespace, as in the keys. */
    public String namespace() {
        return namespace;
    }

    /** The limits, in the order given. */
    public List<RateLimit> limits() {
        return limits;
    }

    /** Counts since creation. */
    public RateLimiterStats stats() {
        return new RateLimiterStats(allowed.sum(), denied.sum(), failures.sum());
    }
}
