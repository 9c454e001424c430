package io.steward.client.internal;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.api.sync.RedisScriptingCommands;
import io.steward.client.Mode;
import io.steward.client.StewardClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A server-side Lua script, sent by its SHA-1 ({@code EVALSHA}) and by its source only when the
 * server does not have it yet ({@code NOSCRIPT}: after a restart, a failover to a node that never
 * ran it, or {@code SCRIPT FLUSH}); {@code EVAL} caches it for the next call. One round trip in the
 * steady state, whatever the script's length.
 */
public final class LuaScript {

    private final String source;
    private final String sha1;

    private LuaScript(String source) {
        this.source = Objects.requireNonNull(source, "source");
        this.sha1 = sha1Hex(source);
    }

    /** The script in {@code source}. */
    public static LuaScript of(String source) {
        return new LuaScript(source);
    }

    /**
     * The script in the class-path resource {@code name}, relative to {@code owner}'s package.
     *
     * @throws IllegalStateException when the resource is missing (a packaging error)
     */
    public static LuaScript resource(Class<?> owner, String name) {
        return new LuaScript(text(owner, name));
    }

    /**
     * One script from several class-path resources beside {@code owner}, joined in order: a shared prelude
     * (a helper the scripts of a package have in common) and then the script itself.
     *
     * @throws IllegalStateException when a resource is missing (a packaging error)
     */
    public static LuaScript resources(Class<?> owner, String... names) {
        StringBuilder source = new StringBuilder();
        for (String name : names) {
            source.append(text(owner, name));
            if (source.length() > 0 && source.charAt(source.length() - 1) != '\n') {
                source.append('\n');
            }
        }
        return new LuaScript(source.toString());
    }

    private static String text(Class<?> owner, String name) {
        try (InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("script resource " + name + " is missing beside " + owner.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read script resource " + name, e);
        }
    }

    /**
     * Runs the script on the master of {@code client} (in CLUSTER mode on the master of the first
     * key's slot: every key must hash to one slot).
     *
     * @throws io.steward.StewardException as the client's commands do when Redis is unavailable
     */
    public <T> T run(StewardClient client, ScriptOutputType type, String[] keys, String... args) {
        return run(commandsOf(client), type, keys, args);
    }

    /** Runs the script through {@code commands}. */
    public <T> T run(
            RedisScriptingCommands<String, String> commands, ScriptOutputType type, String[] keys, String... args) {
        try {
            return commands.evalsha(sha1, type, keys, args);
        } catch (RedisNoScriptException e) {
            return commands.eval(source, type, keys, args);
        }
    }

    /**
     * Runs the script through asynchronous {@code commands}, falling back to {@code EVAL} on
     * {@code NOSCRIPT}. Failures arrive in the future as Lettuce reports them.
     */
    public <T> CompletableFuture<T> runAsync(
            RedisScriptingAsyncCommands<String, String> commands,
            ScriptOutputType type,
            String[] keys,
            String... args) {
        CompletableFuture<T> first = commands.<T>evalsha(sha1, type, keys, args).toCompletableFuture();
        return first.exceptionallyCompose(failure -> {
            Throwable cause =
                    failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof RedisNoScriptException) {
                return commands.<T>eval(source, type, keys, args).toCompletableFuture();
            }
            return CompletableFuture.failedFuture(cause);
        });
    }

    /** The scripting commands of {@code client}: {@code cluster()} in CLUSTER mode, else {@code commands()}. */
    public static RedisScriptingCommands<String, String> commandsOf(StewardClient client) {
        return client.options().mode() == Mode.CLUSTER ? client.cluster() : client.commands();
    }

    /** The script's SHA-1, as {@code SCRIPT LOAD} answers it. */
    public String sha1() {
        return sha1;
    }

    private static String sha1Hex(String source) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is a required JDK algorithm", e);
        }
    }
}
