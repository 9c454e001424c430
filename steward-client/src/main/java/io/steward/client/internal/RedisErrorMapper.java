package io.steward.client.internal;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.steward.AuthenticationFailedException;
import io.steward.ConnectionFailedException;
import io.steward.ConnectionFailedException.Reason;
import io.steward.HostAndPort;
import io.steward.PermissionDeniedException;
import io.steward.StewardException;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * The one place where Lettuce, Netty and server errors become Steward's typed exceptions.
 *
 * <ul>
 *   <li>{@code WRONGPASS} / {@code NOAUTH} &rarr; {@link AuthenticationFailedException}</li>
 *   <li>{@code NOPERM} &rarr; {@link PermissionDeniedException} with the command from the message</li>
 *   <li>TLS failures &rarr; {@link ConnectionFailedException} {@link Reason#TLS_HANDSHAKE}</li>
 *   <li>connect and command timeouts &rarr; {@link Reason#TIMED_OUT}</li>
 *   <li>refused or unreachable &rarr; {@link Reason#REFUSED}</li>
 *   <li>a connection lost or closed, or a master that turned replica ({@code READONLY}) &rarr;
 *       {@link Reason#CLOSED}</li>
 * </ul>
 * Anything else, such as {@code WRONGTYPE}, is returned unchanged: it is a programming error, not
 * a condition of the deployment. Messages never contain credentials: only the user name and the
 * endpoint are added, and Lettuce's own messages carry neither the password nor the URI.
 */
public final class RedisErrorMapper {

    private static final Pattern QUOTED_COMMAND = Pattern.compile("'([^']+)'");
    private static final int MAX_CAUSE_DEPTH = 20;

    private RedisErrorMapper() {}

    /**
     * Maps {@code failure}.
     *
     * @param failure     what Lettuce threw, possibly wrapped (completion, execution, reflection)
     * @param endpoint    the node the operation talked to
     * @param user        the ACL user, or {@code null} for the default user
     * @param commandHint the command being run, used when a NOPERM message does not name it; may be
     *                    {@code null}
     * @return the typed exception, or the unwrapped failure when it has no Steward type
     */
    public static RuntimeException map(Throwable failure, HostAndPort endpoint, String user, String commandHint) {
        Throwable unwrapped = unwrap(failure);
        if (unwrapped instanceof StewardException steward) {
            return steward;
        }
        List<Throwable> chain = causeChain(unwrapped);
        String displayUser = user == null ? "default" : user;

        for (Throwable t : chain) {
            String message = serverMessage(t);
            if (message == null) {
                continue;
            }
            if (message.startsWith("WRONGPASS")
                    || message.startsWith("NOAUTH")
                    || message.contains("without any password configured")) {
                return new AuthenticationFailedException(endpoint, displayUser, unwrapped);
            }
            if (message.startsWith("NOPERM")) {
                return new PermissionDeniedException(displayUser, commandOf(message, commandHint), unwrapped);
            }
            if (message.startsWith("READONLY")) {
                return new ConnectionFailedException(
                        endpoint,
                        Reason.CLOSED,
                        "the node is a replica now (READONLY); switching to the new master",
                        unwrapped);
            }
        }
        Reason reason = connectionReason(chain);
        if (reason != null) {
            return new ConnectionFailedException(endpoint, reason, detail(chain), unwrapped);
        }
        if (unwrapped instanceof RuntimeException runtime) {
            return runtime;
        }
        return new StewardException(endpoint + ": " + unwrapped.getMessage(), unwrapped);
    }

    /** Whether {@code mapped} means the connection to the node is unusable, so the master should be looked up again. */
    static boolean isConnectionLost(RuntimeException mapped) {
        return mapped instanceof ConnectionFailedException;
    }

    /** Strips the wrappers that carry no meaning of their own. */
    static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        for (int i = 0; i < MAX_CAUSE_DEPTH && t.getCause() != null; i++) {
            if (t instanceof CompletionException
                    || t instanceof ExecutionException
                    || t instanceof InvocationTargetException
                    || t instanceof UndeclaredThrowableException) {
                t = t.getCause();
            } else {
                break;
            }
        }
        return t;
    }

    static String commandOf(String noPermMessage, String commandHint) {
        Matcher m = QUOTED_COMMAND.matcher(noPermMessage);
        if (m.find() && noPermMessage.contains("command")) {
            return m.group(1);
        }
        return commandHint == null ? "the command" : commandHint.toLowerCase(Locale.ROOT);
    }

    private static Reason connectionReason(List<Throwable> chain) {
        for (Throwable t : chain) {
            if (t instanceof SSLException || t.getClass().getSimpleName().equals("NotSslRecordException")) {
                return Reason.TLS_HANDSHAKE;
            }
        }
        for (Throwable t : chain) {
            if (t instanceof RedisCommandTimeoutException
                    || t instanceof TimeoutException
                    || t instanceof SocketTimeoutException
                    || t.getClass().getSimpleName().equals("ConnectTimeoutException")) {
                return Reason.TIMED_OUT;
            }
        }
        for (Throwable t : chain) {
            if (t instanceof ConnectException
                    || t instanceof NoRouteToHostException
                    || t instanceof UnknownHostException) {
                return Reason.REFUSED;
            }
        }
        for (Throwable t : chain) {
            if (t instanceof ClosedChannelException || isClosedMessage(t)) {
                return Reason.CLOSED;
            }
        }
        for (Throwable t : chain) {
            if (t instanceof RedisConnectionException) {
                return Reason.REFUSED;
            }
            if (t instanceof IOException) {
                return Reason.CLOSED;
            }
        }
        return null;
    }

    private static boolean isClosedMessage(Throwable t) {
        if (!(t instanceof RedisException) || t instanceof RedisCommandExecutionException) {
            return false;
        }
        String message = t.getMessage();
        if (message == null) {
            return false;
        }
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains("connection closed")
                || m.contains("connection is closed")
                || m.contains("not connected")
                || m.contains("connection disconnected")
                || m.contains("connection reset");
    }

    /** The Redis error text when {@code t} is a reply from the server, else {@code null}. */
    private static String serverMessage(Throwable t) {
        if (t instanceof RedisCommandExecutionException && t.getMessage() != null) {
            return t.getMessage().trim();
        }
        return null;
    }

    private static String detail(List<Throwable> chain) {
        Throwable root = chain.get(chain.size() - 1);
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }

    private static List<Throwable> causeChain(Throwable t) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable c = t; c != null && chain.size() < MAX_CAUSE_DEPTH && !chain.contains(c); c = c.getCause()) {
            chain.add(c);
            for (Throwable suppressed : c.getSuppressed()) {
                if (chain.size() < MAX_CAUSE_DEPTH && !chain.contains(suppressed)) {
                    chain.add(suppressed);
                }
            }
        }
        return chain;
    }
}
