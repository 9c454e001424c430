package io.steward.backup.internal;

import io.steward.ConnectionFailedException;
import io.steward.ConnectionFailedException.Reason;
import io.steward.HostAndPort;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Plain sockets speaking RESP, for the two bulk transfers Lettuce has no API for or is too slow
 * for: pulling an RDB over {@code PSYNC} and pushing millions of {@code RESTORE} commands.
 */
public final class RespSocket {

    private RespSocket() {}

    /**
     * Connects, with TLS when {@code tls} is given (the server's name is checked against its
     * certificate).
     *
     * @throws ConnectionFailedException naming the endpoint
     */
    public static Socket connect(HostAndPort endpoint, SSLContext tls, Duration connectTimeout, Duration readTimeout) {
        Socket socket = new Socket();
        try {
            socket.setSoTimeout(millis(readTimeout));
            socket.setReceiveBufferSize(256 * 1024);
            socket.setSendBufferSize(256 * 1024);
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), millis(connectTimeout));
        } catch (SocketTimeoutException e) {
            closeQuietly(socket);
            throw new ConnectionFailedException(endpoint, Reason.TIMED_OUT, "connecting", e);
        } catch (ConnectException | NoRouteToHostException | UnknownHostException e) {
            closeQuietly(socket);
            throw new ConnectionFailedException(endpoint, Reason.REFUSED, e.getMessage(), e);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new ConnectionFailedException(endpoint, Reason.CLOSED, e.getMessage(), e);
        }
        if (tls == null) {
            return socket;
        }
        try {
            SSLSocket ssl =
                    (SSLSocket) tls.getSocketFactory().createSocket(socket, endpoint.host(), endpoint.port(), true);
            SSLParameters parameters = ssl.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            ssl.setSSLParameters(parameters);
            ssl.startHandshake();
            return ssl;
        } catch (SocketTimeoutException e) {
            closeQuietly(socket);
            throw new ConnectionFailedException(endpoint, Reason.TIMED_OUT, "TLS handshake", e);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new ConnectionFailedException(endpoint, Reason.TLS_HANDSHAKE, e.getMessage(), e);
        }
    }

    /** {@code AUTH [user] password} as RESP; the password bytes are wiped after encoding. */
    public static byte[] auth(String user, char[] password) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] secret = new byte[encoded.remaining()];
        encoded.get(secret);
        Arrays.fill(encoded.array(), (byte) 0);
        try {
            byte[] auth = "AUTH".getBytes(StandardCharsets.US_ASCII);
            return user == null ? command(auth, secret) : command(auth, user.getBytes(StandardCharsets.UTF_8), secret);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    public static byte[] command(String... args) {
        byte[][] bytes = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            bytes[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        return command(bytes);
    }

    /** A RESP array of bulk strings. */
    public static byte[] command(byte[]... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] arg : args) {
            out.writeBytes(("$" + arg.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(arg);
            out.writeBytes(new byte[] {'\r', '\n'});
        }
        return out.toByteArray();
    }

    public static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already failing; the first error is the one to report
        }
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
    }
}
