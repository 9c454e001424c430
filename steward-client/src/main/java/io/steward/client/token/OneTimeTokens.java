package io.steward.client.token;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisScriptingCommands;
import io.steward.client.StewardClient;
import io.steward.client.internal.LuaScript;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Opaque single-use tokens (a password-reset or e-mail confirmation link) for an (identity, purpose) pair, kept
 * in Redis.
 *
 * <p>What it guarantees:
 * <ul>
 *   <li>A token is 256 random bits from {@link TokenOptions#random()}, base64url without padding (43 characters,
 *       safe in a URL as it is).</li>
 *   <li>Redis holds only HMAC-SHA256 values under {@link TokenOptions#secret()}: the key name is a truncated HMAC
 *       of (purpose, token), the stored value an HMAC of (purpose, token), and the identity is stored encrypted
 *       (AES-256-GCM) under a key derived from the secret and the token. Reading every key and value reveals
 *       neither tokens nor identities.</li>
 *   <li>A token verifies at most once, for the purpose it was issued for, checked and consumed in one script
 *       with a constant-time comparison; the answer carries the identity.</li>
 *   <li>Expiry follows the Redis server's clock; an expired token answers {@link VerifyResult#EXPIRED} for
 *       {@link TokenOptions#expiredGrace()}, then {@link VerifyResult#UNKNOWN}. A wrong token (or one issued
 *       for another purpose) answers UNKNOWN. There is no attempt limit: guessing a 256-bit token is hopeless.</li>
 * </ul>
 *
 * <p>Failures: when Redis is unavailable, {@link #issue} and {@link #verify} throw the client's
 * {@link io.steward.ConnectionFailedException}; verification fails closed. Thread-safe.
 */
public final class OneTimeTokens {

    private static final LuaScript ISSUE =
            LuaScript.resources(OneTimeTokens.class, "server-millis.lua", "token-issue.lua");
    private static final LuaScript VERIFY =
            LuaScript.resources(OneTimeTokens.class, "server-millis.lua", "token-verify.lua");

    private final RedisScriptingCommands<String, String> commands;
    private final TokenOptions options;
    private final KeyedHash hash;
    private final TokenCounters counters = new TokenCounters();
    private final String ttlMillis;
    private final String graceMillis;

    private OneTimeTokens(StewardClient client, TokenOptions options) {
        this.commands = LuaScript.commandsOf(client);
        this.options = options;
        this.hash = new KeyedHash(options.secret());
        this.ttlMillis = Long.toString(options.ttl().toMillis());
        this.graceMillis = Long.toString(options.expiredGrace().toMillis());
    }

    /** One-time tokens through {@code client}, which stays the caller's to close. */
    public static OneTimeTokens create(StewardClient client, TokenOptions options) {
        return new OneTimeTokens(Objects.requireNonNull(client, "client"), Objects.requireNonNull(options, "options"));
    }

    /**
     * Issues a new token for {@code identity} and {@code purpose}, valid for {@link TokenOptions#ttl()}. Tokens
     * issued earlier for the same pair stay valid (each is single-use).
     *
     * @return the token to hand out; this is the one and only time it can be read
     * @throws io.steward.ConnectionFailedException when Redis is unavailable
     */
    public String issue(String identity, String purpose) {
        TokenRules.checkNotEmpty(identity, "identity");
        TokenRules.checkNotEmpty(purpose, "purpose");
        String token = CodeGenerator.token(options.random());
        String sealed = IdentitySeal.seal(hash.digest("tok-id", purpose, token), identity, options.random());
        try {
            ISSUE.run(
                    commands,
                    ScriptOutputType.INTEGER,
                    new String[] {key(purpose, token)},
                    hash.hex("tok", purpose, token),
                    sealed,
                    ttlMillis,
                    graceMillis);
        } catch (RuntimeException e) {
            counters.error();
            throw e;
        }
        counters.issued();
        return token;
    }

    /**
     * Checks {@code token} for {@code purpose} and consumes it when right.
     *
     * @return VALID with the identity it was issued for, EXPIRED, or UNKNOWN
     * @throws io.steward.ConnectionFailedException when Redis is unavailable
     * @throws IllegalStateException                when the identity stored beside the token was altered in Redis:
     *                                              the token matched and is consumed (it will answer UNKNOWN from
     *                                              now on), and the call counts as an error in {@link #stats()}
     */
    public TokenVerification verify(String purpose, String token) {
        TokenRules.checkNotEmpty(purpose, "purpose");
        Objects.requireNonNull(token, "token");
        long start = System.nanoTime();
        List<Object> answer;
        try {
            answer = VERIFY.run(
                    commands,
                    ScriptOutputType.MULTI,
                    new String[] {key(purpose, token)},
                    hash.hex("tok", purpose, token));
        } catch (RuntimeException e) {
            counters.error();
            throw e;
        }
        TokenVerification verification =
                switch (((Long) answer.get(0)).intValue()) {
                    case 1 -> new TokenVerification(VerifyResult.VALID, Optional.of(identity(purpose, token, answer)));
                    case 3 -> new TokenVerification(VerifyResult.EXPIRED, Optional.empty());
                    default -> new TokenVerification(VerifyResult.UNKNOWN, Optional.empty());
                };
        counters.verified(verification.result(), System.nanoTime() - start);
        return verification;
    }

    /** Counts since creation ({@link TokenStats#refused()}, {@link TokenStats#wrong()} and
     * {@link TokenStats#exhausted()} stay 0). */
    public TokenStats stats() {
        return counters.snapshot();
    }

    /** The identity sealed beside a token the script has just consumed; an altered one is an error. */
    private String identity(String purpose, String token, List<Object> answer) {
        try {
            return IdentitySeal.open(hash.digest("tok-id", purpose, token), (String) answer.get(1));
        } catch (IllegalStateException e) {
            counters.error();
            throw new IllegalStateException(
                    "the token was right and is now consumed, but the identity stored beside it in Redis was altered",
                    e);
        }
    }

    private String key(String purpose, String token) {
        return options.keyPrefix() + "{" + hash.keyName("tok-key", purpose, token) + "}";
    }
}
