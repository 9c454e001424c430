package io.steward.backup.internal;

import io.steward.AuthenticationFailedException;
import io.steward.ConnectionFailedException;
import io.steward.ConnectionFailedException.Reason;
import io.steward.HostAndPort;
import io.steward.PermissionDeniedException;
import io.steward.StewardException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * Pulls a full RDB from a live server over the replication protocol, as a replica would, so it
 * works on remote servers with nothing but the {@code backup} ACL user ({@code +auth +replconf
 * +psync}): {@code AUTH}, {@code REPLCONF capa eof capa psync2}, {@code REPLCONF rdb-only 1} (the
 * server then keeps no replication buffer for us), {@code PSYNC ? -1}. The server answers
 * {@code +FULLRESYNC <replid> <offset>}, forks, and sends the RDB either as {@code $<length>} and
 * the bytes of a file it saved first ({@code repl-diskless-sync no}) or as {@code $EOF:<mark>},
 * the bytes streamed from the fork, and the mark again ({@code repl-diskless-sync yes}). The bytes
 * go to the caller's stream as they arrive; the socket is closed right after the payload.
 *
 * <p><b>Start-up delay.</b> For a diskless transfer the server waits up to
 * {@code repl-diskless-sync-delay} seconds (default 5) for more replicas to share the fork, and
 * starts early only when {@code repl-diskless-sync-max-replicas} (Redis 7) replicas are waiting. A
 * standalone server rendered by Steward has that set to 1, so a backup starts at once; a Sentinel
 * master with two replicas has it set to 2, which a lone backup never reaches, so every backup
 * there waits the full delay (measured: about 5 s). That is the server's setting and this class
 * does not change server configuration: operators who want no delay set
 * {@code repl-diskless-sync-delay 0} (at the cost of replicas no longer sharing one fork) or
 * disk-based sync; a caller reading from a replica can ask for a disk-based transfer with
 * {@link Builder#acceptDiskless(boolean)}. {@link RdbTransfer#waitBeforePayload()} reports the wait. Keep-alive newlines
 * the server sends meanwhile (one a second) are skipped and keep the read timeout from firing; the
 * read timeout is therefore a stall timeout, not a bound on the whole transfer.
 *
 * <p><b>Sentinel.</b> While the transfer runs, the server lists this connection in {@code INFO
 * replication} as a replica at port 0. Sentinel discovers replicas from its masters' INFO, so a
 * transfer from a monitored master that lasts past a Sentinel INFO poll (every 10 s) leaves a
 * phantom {@code 127.0.0.1:0} replica, flagged {@code s_down}, in Sentinel's table until
 * {@code SENTINEL RESET} (measured on 7.0.15). A transfer from a replica leaves nothing behind:
 * Sentinel reads replica lists only from masters. Prefer a replica as the source.
 *
 * <p>Errors: {@link ConnectionFailedException} (refused, timed out, TLS handshake, closed before
 * the payload), {@link AuthenticationFailedException} ({@code WRONGPASS}, {@code NOAUTH}),
 * {@link PermissionDeniedException} ({@code NOPERM}), {@link io.steward.BackupCorruptedException}
 * {@code transfer-truncated} (the payload stopped early), {@link StewardException} for other server
 * errors; failures of the caller's stream as {@link IOException}. The password is never part of a
 * message. Blocking socket reads do not respond to interrupts; the read timeout bounds them.
 * Instances are immutable and thread-safe; each {@link #transfer} uses its own connection.
 */
public final class ReplicationStreamReader {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /**
     * The longest silence tolerated, before the payload and between its bytes. A server that is
     * alive never goes quiet that long: while it forks, saves or waits for
     * {@code repl-diskless-sync-delay} it sends a newline every second, and then the payload
     * flows. A paused (SIGSTOP) or wedged server still accepts the connection (the kernel does),
     * so without this bound a backup would wait on it indefinitely.
     */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);

    private static final int MAX_LINE = 64 * 1024;
    private static final int SOCKET_BUFFER = 64 * 1024;

    private final HostAndPort endpoint;
    private final String user;
    private final SSLContext tls;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final LongSupplier nanoTicker;
    private final boolean acceptDiskless;

    private ReplicationStreamReader(Builder b) {
        this.endpoint = b.endpoint;
        this.user = b.user;
        this.tls = b.tls;
        this.connectTimeout = b.connectTimeout;
        this.readTimeout = b.readTimeout;
        this.nanoTicker = b.nanoTicker;
        this.acceptDiskless = b.acceptDiskless;
    }

    public static Builder builder(HostAndPort endpoint) {
        return new Builder(endpoint);
    }

    public HostAndPort endpoint() {
        return endpoint;
    }

    /**
     * Runs one full synchronisation and writes the RDB to {@code sink} (which is not closed).
     *
     * @param password the user's password, or {@code null} to skip {@code AUTH}; not kept
     * @return what was transferred
     * @throws IOException only if writing to {@code sink} fails
     */
    public RdbTransfer transfer(char[] password, OutputStream sink) throws IOException {
        Objects.requireNonNull(sink, "sink");
        long start = nanoTicker.getAsLong();
        Socket socket = RespSocket.connect(endpoint, tls, connectTimeout, readTimeout);
        try {
            Link link = new Link(socket);
            if (password != null) {
                link.send(RespSocket.auth(user, password));
                link.expectOk("AUTH");
            }
            link.send(
                    acceptDiskless
                            ? RespSocket.command("REPLCONF", "capa", "eof", "capa", "psync2")
                            : RespSocket.command("REPLCONF", "capa", "psync2"));
            link.expectOk("REPLCONF");
            link.send(RespSocket.command("REPLCONF", "rdb-only", "1"));
            link.replyOf("REPLCONF"); // an older server without rdb-only just sends us the stream too
            link.send(RespSocket.command("PSYNC", "?", "-1"));
            long psyncSent = nanoTicker.getAsLong();
            String[] fullResync = link.replyOf("PSYNC").split(" ");
            if (fullResync.length != 3 || !fullResync[0].equals("+FULLRESYNC")) {
                throw new StewardException(
                        endpoint + ": expected +FULLRESYNC, got '" + String.join(" ", fullResync) + "'");
            }
            String header = link.line("the RDB");
            long payloadStart = nanoTicker.getAsLong();
            RdbPayload.Copied copied = new RdbPayload(endpoint).copy(header, link.in, sink);
            return new RdbTransfer(
                    fullResync[1],
                    parseOffset(fullResync[2]),
                    copied.bytes(),
                    copied.diskless(),
                    Duration.ofNanos(payloadStart - psyncSent),
                    Duration.ofNanos(nanoTicker.getAsLong() - start));
        } finally {
            // Right after the payload: what follows is the replication stream, which we do not want.
            RespSocket.closeQuietly(socket);
        }
    }

    private long parseOffset(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new StewardException(endpoint + ": +FULLRESYNC with offset '" + text + "'", e);
        }
    }

    /** One connection's request/reply exchange before the payload. */
    private final class Link {

        final InputStream in;
        final OutputStream out;

        Link(Socket socket) {
            try {
                this.in = new BufferedInputStream(socket.getInputStream(), SOCKET_BUFFER);
                this.out = socket.getOutputStream();
            } catch (IOException e) {
                throw new ConnectionFailedException(endpoint, Reason.CLOSED, e.getMessage(), e);
            }
        }

        void send(byte[] request) {
            try {
                out.write(request);
                out.flush();
            } catch (IOException e) {
                throw new ConnectionFailedException(endpoint, Reason.CLOSED, "sending a command", e);
            } finally {
                Arrays.fill(request, (byte) 0);
            }
        }

        void expectOk(String command) {
            String reply = replyOf(command);
            if (!reply.equals("+OK")) {
                throw new StewardException(endpoint + ": " + command + " replied '" + reply + "', expected +OK");
            }
        }

        /** The reply line; error replies that say something about the caller become exceptions. */
        String replyOf(String command) {
            String reply = line("the reply to " + command);
            if (reply.startsWith("-WRONGPASS") || reply.startsWith("-NOAUTH")) {
                throw new AuthenticationFailedException(
                        endpoint, user == null ? "default" : user, new StewardException(endpoint + ": " + reply));
            }
            if (reply.startsWith("-NOPERM")) {
                throw new PermissionDeniedException(
                        user == null ? "default" : user, command, new StewardException(endpoint + ": " + reply));
            }
            if (reply.startsWith("-") && !command.equals("REPLCONF")) {
                throw new StewardException(endpoint + ": " + command + " failed: " + reply.substring(1));
            }
            return reply;
        }

        /** The next line without its CR LF, skipping the bare newlines the server sends as keep-alives. */
        String line(String waitingFor) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            try {
                while (true) {
                    int b = in.read();
                    if (b < 0) {
                        throw new ConnectionFailedException(
                                endpoint, Reason.CLOSED, "while waiting for " + waitingFor, null);
                    }
                    if (b == '\n') {
                        if (line.size() == 0) {
                            continue;
                        }
                        byte[] bytes = line.toByteArray();
                        int length = bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
                    }
                    if (line.size() >= MAX_LINE) {
                        throw new StewardException(endpoint + ": a reply line longer than " + MAX_LINE
                                + " bytes while waiting for " + waitingFor + "; is this a Redis server?");
                    }
                    line.write(b);
                }
            } catch (SocketTimeoutException e) {
                throw new ConnectionFailedException(
                        endpoint,
                        Reason.TIMED_OUT,
                        "no reply within " + readTimeout.toSeconds() + " s while waiting for " + waitingFor,
                        e);
            } catch (SSLException e) {
                throw new ConnectionFailedException(endpoint, Reason.TLS_HANDSHAKE, e.getMessage(), e);
            } catch (IOException e) {
                throw new ConnectionFailedException(
                        endpoint, Reason.CLOSED, e.getMessage() + " while waiting for " + waitingFor, e);
            }
        }
    }

    /** Settings of a {@link ReplicationStreamReader}; fails fast on bad values. */
    public static final class Builder {

        private final HostAndPort endpoint;
        private String user;
        private SSLContext tls;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration readTimeout = DEFAULT_READ_TIMEOUT;
        private LongSupplier nanoTicker = System::nanoTime;
        private boolean acceptDiskless = true;

        private Builder(HostAndPort endpoint) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        }

        /** The ACL user for {@code AUTH}; {@code null} (the default) authenticates as {@code default}. */
        public Builder user(String user) {
            if (user != null && user.isBlank()) {
                throw new IllegalArgumentException("user must not be blank");
            }
            this.user = user;
            return this;
        }

        /** TLS with this context (see {@link PemSslContext}); the server's name is checked against its certificate. */
        public Builder tls(SSLContext tls) {
            this.tls = tls;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /**
         * How long a read may wait for a byte (the server's keep-alive newlines count): the stall
         * timeout before the payload and between its bytes.
         */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = positive(timeout, "readTimeout");
            return this;
        }

        /** Source of {@link System#nanoTime()}-like readings for the durations in {@link RdbTransfer}. */
        public Builder nanoTicker(LongSupplier ticker) {
            this.nanoTicker = Objects.requireNonNull(ticker, "nanoTicker");
            return this;
        }

        /**
         * Whether to announce {@code capa eof} (the default). Without it the server cannot stream
         * diskless and saves an RDB file first, which starts at once instead of after
         * {@code repl-diskless-sync-delay}: the better choice on a replica, whose disk is not on the
         * write path.
         */
        public Builder acceptDiskless(boolean accept) {
            this.acceptDiskless = accept;
            return this;
        }

        public ReplicationStreamReader build() {
            return new ReplicationStreamReader(this);
        }

        private static Duration positive(Duration d, String field) {
            Objects.requireNonNull(d, field);
            if (d.isNegative() || d.isZero() || d.toMillis() == 0) {
                throw new IllegalArgumentException(field + " must be at least 1 ms, was " + d);
            }
            return d;
        }
    }
}
