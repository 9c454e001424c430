package io.steward.client.token;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisScriptingCommands;
import io.steward.client.StewardClient;
import io.steward.client.internal.LuaScript;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Numeric one-time codes (a sign-in or confirmation code sent by mail or SMS) for an (identity, purpose) pair,
 * kept in Redis.
 *
 * <p>What it guarantees:
 * <ul>
 *   <li>Redis holds only HMAC-SHA256 values under {@link CodeOptions#secret()}: the key name is a truncated HMAC
 *       of (purpose, identity), the stored value an HMAC of (purpose, identity, code). Reading every key and value
 *       reveals neither codes nor who asked for one.</li>
 *   <li>A code verifies at most once: checking and consuming are one script, so of any number of concurrent
 *       verifications of the right code exactly one answers {@link VerifyResult#VALID}.</li>
 *   <li>At most {@link CodeOptions#maxAttempts()} verifications per code; the guess that uses the last attempt
 *       answers {@link VerifyResult#WRONG} with no attempts left and every later one
 *       {@link VerifyResult#EXHAUSTED}, even for the right code.</li>
 *   <li>Expiry follows the Redis server's clock. An expired code answers {@link VerifyResult#EXPIRED} for
 *       {@link CodeOptions#expiredGrace()} and is then removed by Redis.</li>
 *   <li>The stored HMAC and the candidate's are compared in constant time inside the script.</li>
 * </ul>
 *
 * <p>Issuing a new code (once the cooldown allows it) replaces the outstanding one but not its attempts: a
 * code issued within {@link CodeOptions#ttl()} of the first code of a run of resends carries over the attempts
 * used, so an attacker who can trigger resends still gets at most {@code maxAttempts} guesses per {@code ttl}
 * (not per {@code resendCooldown}). Once they are used up, codes issued before that ttl has passed answer
 * {@link VerifyResult#EXHAUSTED}; the first code issued after it starts afresh. Limit issuing with a
 * {@code io.steward.client.ratelimit.RateLimiter} as well to bound guesses per day.
 *
 * <p>Failures: when Redis is unavailable, {@link #issue} and {@link #verify} throw the client's
 * {@link io.steward.ConnectionFailedException}; a verification that cannot reach Redis never answers VALID
 * (fails closed). Thread-safe; one instance per application and secret.
 */
public final class OneTimeCodes {

    private static final LuaScript ISSUE =
            LuaScript.resources(OneTimeCodes.class, "server-millis.lua", "code-issue.lua");
    private static final LuaScript VERIFY =
            LuaScript.resources(OneTimeCodes.class, "server-millis.lua", "code-verify.lua");
    private static final VerifyResult[] RESULTS = {
        VerifyResult.UNKNOWN, VerifyResult.VALID, VerifyResult.WRONG, VerifyResult.EXPIRED, VerifyResult.EXHAUSTED
    };

    private final RedisScriptingCommands<String, String> commands;
    private final CodeOptions options;
    private final KeyedHash hash;
    private final TokenCounters counters = new TokenCounters();
    private final String ttlMillis;
    private final String cooldownMillis;
    private final String maxAttempts;
    private final String graceMillis;

    private OneTimeCodes(StewardClient client, CodeOptions options) {
        this.commands = LuaScript.commandsOf(client);
        this.options = options;
        this.hash = new KeyedHash(options.secret());
        this.ttlMillis = Long.toString(options.ttl().toMillis());
        this.cooldownMillis = Long.toString(options.resendCooldown().toMillis());
        this.maxAttempts = Integer.toString(options.maxAttempts());
        this.graceMillis = Long.toString(options.expiredGrace().toMillis());
    }

    /** One-time codes through {@code client}, which stays the caller's to close. */
    public static OneTimeCodes create(StewardClient client, CodeOptions options) {
        return new OneTimeCodes(Objects.requireNonNull(client, "client"), Objects.requireNonNull(options, "options"));
    }

    /**
     * Issues a new code for {@code identity} and {@code purpose}, replacing any outstanding one, unless the last
     * was issued less than {@link CodeOptions#resendCooldown()} ago: then nothing changes and the answer says how
     * long to wait.
     *
     * @param identity whom the code is for (a user id, an e-mail address); not empty
     * @param purpose  what it is for ("login", "email-change"); a code issued for one purpose never verifies for
     *                 another; not empty
     * @throws io.steward.ConnectionFailedException when Redis is unavailable
     */
    public IssuedCode issue(String identity, String purpose) {
        TokenRules.checkNotEmpty(identity, "identity");
        TokenRules.checkNotEmpty(purpose, "purpose");
        String code = CodeGenerator.code(options.random(), options.digits());
        List<Long> answer;
        try {
            answer = ISSUE.run(
                    commands,
                    ScriptOutputType.MULTI,
                    new String[] {key(identity, purpose)},
                    hash.hex("otp", purpose, identity, code),
                    ttlMillis,
                    cooldownMillis,
                    maxAttempts,
                    graceMillis);
        } catch (RuntimeException e) {
            counters.error();
            throw e;
        }
        if (answer.get(0) == 1L) {
            counters.issued();
            return new IssuedCode(true, code, Duration.ofMillis(answer.get(1)), options.resendCooldown());
        }
        counters.refused();
        return new IssuedCode(false, null, Duration.ZERO, Duration.ofMillis(answer.get(1)));
    }

    /**
     * Checks {@code code} against the outstanding code of {@code identity} and {@code purpose}, and consumes it
     * when right: one script, so concurrent verifications of one code answer VALID once.
     *
     * @param code what the user typed; any string (one that is not the code is a wrong guess)
     * @throws io.steward.ConnectionFailedException when Redis is unavailable (the code is neither consumed nor
     *                                              charged an attempt unless the script ran)
     */
    public CodeVerification verify(String identity, String purpose, String code) {
        TokenRules.checkNotEmpty(identity, "identity");
        TokenRules.checkNotEmpty(purpose, "purpose");
        Objects.requireNonNull(code, "code");
        long start = System.nanoTime();
        List<Long> answer;
        try {
            answer = VERIFY.run(
                    commands,
                    ScriptOutputType.MULTI,
                    new String[] {key(identity, purpose)},
                    hash.hex("otp", purpose, identity, code));
        } catch (RuntimeException e) {
            counters.error();
            throw e;
        }
        VerifyResult result = RESULTS[answer.get(0).intValue()];
        counters.verified(result, System.nanoTime() - start);
        return new CodeVerification(result, answer.get(1).intValue());
    }

    /** Counts since creation. */
    public TokenStats stats() {
        return counters.snapshot();
    }

    private String key(String identity, String purpose) {
        return options.keyPrefix() + "{" + hash.keyName("otp-key", purpose, identity) + "}";
    }
}
