package io.steward.backup.internal;

import io.steward.AuthenticationFailedException;
import io.steward.HostAndPort;
import io.steward.PermissionDeniedException;
import io.steward.StewardException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;

/**
 * {@code RESTORE key ttl payload REPLACE ABSTTL} streamed over one socket, as
 * {@code redis-cli --pipe} does: the caller's thread encodes commands into a buffer that is
 * written as it fills, and a reader thread counts the {@code +OK} replies and keeps the first
 * error. TCP flow control bounds what is in flight. Lettuce would allocate a command object and
 * a future per key, which at millions of keys costs several times the CPU of the server's own
 * work (measured in docs/benchmarks.md).
 */
public final class RestorePipe implements AutoCloseable {

    private static final byte[] RESTORE = "RESTORE".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REPLACE = "REPLACE".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ABSTTL = "ABSTTL".getBytes(StandardCharsets.US_ASCII);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(5);

    private final HostAndPort node;
    private final String user;
    private final Socket socket;
    private final OutputStream out;
    private final Thread reader;
    private final AtomicLong replies = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private final AtomicReference<IOException> readFailure = new AtomicReference<>();
    private long sent;
    private long controlSent;
    private int db = -1;

    private RestorePipe(HostAndPort node, String user, Socket socket) throws IOException {
        this.node = node;
        this.user = user == null ? "default" : user;
        this.socket = socket;
        this.out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
        InputStream in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        this.reader = new Thread(() -> countReplies(in), "steward-restore-replies");
        this.reader.setDaemon(true);
    }

    /**
     * Connects and authenticates.
     *
     * @throws io.steward.ConnectionFailedException when the node cannot be reached
     * @throws AuthenticationFailedException when the credentials are rejected
     */
    public static RestorePipe open(HostAndPort node, String user, char[] password, SSLContext tls) {
        Socket socket = RespSocket.connect(node, tls, CONNECT_TIMEOUT, READ_TIMEOUT);
        try {
            RestorePipe pipe = new RestorePipe(node, user, socket);
            if (password != null) {
                pipe.authenticate(user, password);
            }
            pipe.reader.start();
            return pipe;
        } catch (IOException | RuntimeException e) {
            RespSocket.closeQuietly(socket);
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new StewardException(node + ": " + e.getMessage(), e);
        }
    }

    private void authenticate(String user, char[] password) throws IOException {
        out.write(RespSocket.auth(user, password));
        out.flush();
        String reply = readLine(new BufferedInputStream(socket.getInputStream(), 1));
        if (reply.startsWith("-WRONGPASS")
                || reply.startsWith("-NOAUTH")
                || reply.startsWith("-ERR invalid password")) {
            throw new AuthenticationFailedException(node, user == null ? "default" : user, null);
        }
        if (!reply.startsWith("+OK")) {
            throw new StewardException(node + ": AUTH answered " + reply);
        }
    }

    /** Queues one key into database {@code targetDb}; {@code expireAtMillis} 0 means no expiry. */
    public void restore(int targetDb, byte[] key, long expireAtMillis, byte[] payload) throws IOException {
        failIfErrored();
        if (targetDb != db) {
            out.write(RespSocket.command("SELECT", String.valueOf(targetDb)));
            controlSent++;
            db = targetDb;
        }
        byte[] ttl = Long.toString(expireAtMillis).getBytes(StandardCharsets.US_ASCII);
        header('*', 6);
        bulk(RESTORE);
        bulk(key);
        bulk(ttl);
        bulk(payload);
        bulk(REPLACE);
        bulk(ABSTTL);
        sent++;
    }

    private void header(char type, int n) throws IOException {
        out.write(type);
        out.write(Integer.toString(n).getBytes(StandardCharsets.US_ASCII));
        out.write('\r');
        out.write('\n');
    }

    private void bulk(byte[] value) throws IOException {
        header('$', value.length);
        out.write(value);
        out.write('\r');
        out.write('\n');
    }

    /**
     * Sends what is buffered and waits for every reply.
     *
     * @return keys the node acknowledged
     * @throws StewardException on the first error reply, or when replies stop coming
     */
    public long finish() throws IOException, InterruptedException {
        out.flush();
        long expected = sent + controlSent;
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        while (replies.get() < expected && reader.isAlive() && System.nanoTime() < deadline) {
            reader.join(50);
        }
        failIfErrored();
        if (replies.get() < expected) {
            throw new StewardException(node + " answered " + replies.get() + " of " + expected + " commands");
        }
        return acknowledged();
    }

    /** RESTORE commands the node has acknowledged so far. */
    public long acknowledged() {
        return Math.max(0, replies.get() - errors.get() - controlSent);
    }

    private void failIfErrored() {
        String error = firstError.get();
        if (error != null) {
            if (error.startsWith("-NOPERM")) {
                throw new PermissionDeniedException(user, "RESTORE", null);
            }
            throw new StewardException(node + " refused a command: " + error.substring(1));
        }
        IOException failure = readFailure.get();
        if (failure != null) {
            throw new StewardException(
                    node + ": connection lost while restoring (" + failure.getMessage() + ")", failure);
        }
    }

    private void countReplies(InputStream in) {
        try {
            while (true) {
                String line = readLine(in);
                if (line.startsWith("-")) {
                    errors.incrementAndGet();
                    firstError.compareAndSet(null, line);
                }
                replies.incrementAndGet();
            }
        } catch (IOException e) {
            if (!socket.isClosed()) {
                readFailure.compareAndSet(null, e);
            }
        }
    }

    /** One reply line without CRLF; RESTORE and SELECT answer with simple strings or errors only. */
    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder(8);
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("connection closed by the server");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() {
        RespSocket.closeQuietly(socket);
        try {
            reader.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
