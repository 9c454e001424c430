package io.steward.backup.internal;

import io.steward.AuthenticationFailedException;
import io.steward.HostAndPort;
import io.steward.PermissionDeniedException;
import io.steward.StewardException;
import io.steward.backup.rdb.RdbEntry;
import io.steward.backup.rdb.RdbValueSource;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLContext;

/**
 * {@code RESTORE key ttl payload REPLACE ABSTTL [IDLETIME s | FREQ f]} streamed over one socket, as
 * {@code redis-cli --pipe} does: the caller's thread encodes each command ({@link RestoreEncoder})
 * into a buffer that goes to the socket as it fills, and a reader thread counts the replies and keeps
 * the first error. TCP flow control bounds what is in flight. Payloads go from the RDB reader's
 * buffer into the socket buffer without a copy of their own, and nothing is allocated per key.
 * Lettuce would allocate a command
 * object and a future per key, which at millions of keys costs several times the CPU of the
 * server's own work (measured in docs/benchmarks.md).
 *
 * <p>Not thread-safe: one thread writes, the pipe's own thread reads.
 */
public final class RestorePipe implements AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);
    private static final int BUFFER_SIZE = 1 << 16;
    /**
     * How long the reply thread lets replies gather after a read that found few: a read per
     * server write (a few hundred bytes) cost more CPU in system calls than the reply thread's
     * whole work. Replies wait in the socket buffer meanwhile (at 300 000 keys/s, 3 KB).
     */
    private static final long REPLY_GATHER_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private final HostAndPort node;
    private final String user;
    private final Socket socket;
    private final RestoreEncoder out;
    private final Thread reader;
    private final AtomicLong replies = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private final AtomicReference<IOException> readFailure = new AtomicReference<>();
    private long sent;
    private long controlSent;
    private int db = -1;
    /** Where each command not yet wholly on the wire ends, oldest first (a ring, a power of 2 long). */
    private long[] pendingEnds = new long[1024];

    private int pendingHead;
    private int pendingCount;
    /** Commands wholly handed to the socket: the server executes each of them, whatever else fails. */
    private long onWire;

    private RestorePipe(HostAndPort node, String user, Socket socket) throws IOException {
        this.node = node;
        this.user = user == null ? "default" : user;
        this.socket = socket;
        this.out = new RestoreEncoder(socket.getOutputStream(), BUFFER_SIZE);
        InputStream in = socket.getInputStream();
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
        byte[] auth = RespSocket.auth(user, password);
        try {
            socket.getOutputStream().write(auth);
            socket.getOutputStream().flush();
        } finally {
            java.util.Arrays.fill(auth, (byte) 0);
        }
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

    /**
     * Sends one command and waits for its reply, before any {@code RESTORE} is queued: for the checks
     * and the function libraries that go first.
     *
     * @return the error the node answered with (without its leading {@code -}), or empty for success;
     *     after an error the pipe refuses further commands
     * @throws IllegalStateException once a {@code RESTORE} was queued
     * @throws StewardException when the reply does not come
     */
    public Optional<String> call(byte[]... args) throws IOException, InterruptedException {
        if (sent > 0) {
            throw new IllegalStateException("call() is for commands before the first RESTORE");
        }
        out.command(args);
        controlSent++;
        queued();
        awaitReplies(controlSent);
        return Optional.ofNullable(firstError.get()).map(error -> error.substring(1));
    }

    /**
     * Queues {@code entry} as {@code RESTORE}, into its database, with its absolute expiry and its LRU
     * idle time or LFU counter when the file has one.
     *
     * @throws StewardException when an earlier command failed or the connection was lost
     */
    public void restore(RdbEntry entry, RdbValueSource value, int rdbVersion) throws IOException {
        failIfErrored();
        if (entry.db() != db) {
            out.select(entry.db());
            controlSent++;
            queued();
            db = entry.db();
        }
        out.restore(entry, value, rdbVersion);
        sent++;
        queued();
    }

    /** Notes the end of the command just encoded, and which commands are now wholly on the wire. */
    private void queued() {
        if (pendingCount == pendingEnds.length) {
            long[] grown = new long[pendingEnds.length * 2];
            for (int i = 0; i < pendingCount; i++) {
                grown[i] = pendingEnds[(pendingHead + i) & (pendingEnds.length - 1)];
            }
            pendingEnds = grown;
            pendingHead = 0;
        }
        int mask = pendingEnds.length - 1;
        pendingEnds[(pendingHead + pendingCount) & mask] = out.position();
        pendingCount++;
        long drained = out.drained();
        while (pendingCount > 0 && pendingEnds[pendingHead] <= drained) {
            pendingHead = (pendingHead + 1) & mask;
            pendingCount--;
            onWire++;
        }
    }

    /**
     * After a failure: sends nothing more, and waits until the node has answered every command
     * wholly on the wire (it executes those whatever failed), so {@link #acknowledged()} is exact.
     * A command cut short in the buffer is never completed, so never executed.
     *
     * @return whether every such reply came (false when the connection was lost or replies stopped)
     */
    public boolean settle() throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        while (replies.get() < onWire && reader.isAlive() && System.nanoTime() < deadline) {
            reader.join(1);
        }
        return replies.get() >= onWire;
    }

    /**
     * Sends what is buffered and waits for every reply.
     *
     * @return keys the node acknowledged
     * @throws StewardException on the first error reply, or when replies stop coming
     */
    public long finish() throws IOException, InterruptedException {
        awaitReplies(sent + controlSent);
        failIfErrored();
        return acknowledged();
    }

    private void awaitReplies(long expected) throws IOException, InterruptedException {
        out.flush();
        onWire += pendingCount;
        pendingCount = 0;
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        while (replies.get() < expected && reader.isAlive() && System.nanoTime() < deadline) {
            reader.join(1);
        }
        if (replies.get() < expected) {
            failIfErrored();
            throw new StewardException(node + " answered " + replies.get() + " of " + expected + " commands");
        }
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

    /**
     * Counts reply lines a buffer at a time. Every reply to SELECT, FUNCTION RESTORE and RESTORE is a
     * simple string or an error, one line each; only an error's text is kept (the first one).
     */
    private void countReplies(InputStream in) {
        byte[] buf = new byte[BUFFER_SIZE];
        boolean lineStart = true;
        StringBuilder error = null;
        try {
            while (true) {
                int n = in.read(buf);
                if (n < 0) {
                    throw new IOException("connection closed by the server");
                }
                long lines = 0;
                long errorLines = 0;
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    if (lineStart) {
                        lineStart = false;
                        if (b == '-') {
                            errorLines++;
                            error = new StringBuilder();
                        }
                    }
                    if (b == '\n') {
                        lines++;
                        lineStart = true;
                        if (error != null) {
                            firstError.compareAndSet(null, error.toString());
                            error = null;
                        }
                    } else if (error != null && b != '\r' && error.length() < 1024) {
                        error.append((char) (b & 0xff));
                    }
                }
                // errors first: whoever sees a reply counted sees its error too
                errors.addAndGet(errorLines);
                replies.addAndGet(lines);
                if (n < BUFFER_SIZE / 4) {
                    LockSupport.parkNanos(REPLY_GATHER_NANOS);
                }
            }
        } catch (IOException e) {
            if (!socket.isClosed()) {
                readFailure.compareAndSet(null, e);
            }
        }
    }

    /** One reply line without CRLF. */
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
