package io.steward.test;

import io.steward.HostAndPort;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on a free loopback port in front of one upstream endpoint, for fault tests: added
 * latency per forwarded chunk, a blackhole (bytes stop flowing both ways while connections stay
 * open, as with a partitioned or frozen peer), and a reset of every open connection (RST). Faults
 * apply at once to open and new connections; {@link #heal()} clears them. Thread-safe.
 */
public final class FaultProxy implements AutoCloseable {

    private static final int BUFFER = 16 * 1024;

    private final HostAndPort upstream;
    private final ServerSocket server;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Object gate = new Object();
    private volatile long latencyMillis;
    private volatile boolean blackhole;
    private volatile boolean closed;

    private FaultProxy(HostAndPort upstream, ServerSocket server) {
        this.upstream = upstream;
        this.server = server;
    }

    /** Starts a proxy to {@code upstream} on a free port of 127.0.0.1. */
    public static FaultProxy start(HostAndPort upstream) {
        try {
            ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            FaultProxy proxy = new FaultProxy(upstream, server);
            Thread acceptor = new Thread(proxy::accept, "fault-proxy-accept-" + server.getLocalPort());
            acceptor.setDaemon(true);
            acceptor.start();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a fault proxy port", e);
        }
    }

    /** Where clients connect instead of the upstream. */
    public HostAndPort endpoint() {
        return HostAndPort.of("127.0.0.1", server.getLocalPort());
    }

    /** Delays every forwarded chunk, both ways, by {@code delay}. */
    public void latency(Duration delay) {
        latencyMillis = delay.toMillis();
    }

    /** Stops bytes flowing both ways until {@link #heal()}; connections stay open. */
    public void blackhole() {
        blackhole = true;
    }

    /** Resets (RST) every open connection; new connections are accepted as before. */
    public void resetConnections() {
        for (Socket socket : sockets) {
            try {
                socket.setSoLinger(true, 0);
            } catch (IOException e) {
                // already closed
            }
            closeQuietly(socket);
        }
    }

    /** Clears latency and the blackhole. */
    public void heal() {
        latencyMillis = 0;
        synchronized (gate) {
            blackhole = false;
            gate.notifyAll();
        }
    }

    private void accept() {
        while (!closed) {
            Socket client = null;
            try {
                client = server.accept();
                Socket backend = new Socket();
                backend.connect(new InetSocketAddress(upstream.host(), upstream.port()), 5_000);
                client.setTcpNoDelay(true);
                backend.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(backend);
                pump(client, backend);
                pump(backend, client);
            } catch (IOException e) {
                if (client != null) {
                    closeQuietly(client);
                }
            }
        }
    }

    private void pump(Socket from, Socket to) throws IOException {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        Thread thread = new Thread(
                () -> {
                    byte[] buffer = new byte[BUFFER];
                    try {
                        for (int n; (n = in.read(buffer)) > 0; ) {
                            awaitPassage();
                            out.write(buffer, 0, n);
                            out.flush();
                        }
                    } catch (IOException | InterruptedException e) {
                        // a side closed or was reset: close the pair below
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                        sockets.remove(from);
                        sockets.remove(to);
                    }
                },
                "fault-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    /** Holds a chunk while blackholed, then delays it by the latency. */
    private void awaitPassage() throws InterruptedException {
        synchronized (gate) {
            while (blackhole && !closed) {
                gate.wait(100);
            }
        }
        long delay = latencyMillis;
        if (delay > 0) {
            Thread.sleep(delay);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }

    /** Closes the listening port and every connection. */
    @Override
    public void close() {
        closed = true;
        heal();
        try {
            server.close();
        } catch (IOException e) {
            // nothing left to do
        }
        sockets.forEach(FaultProxy::closeQuietly);
    }
}
