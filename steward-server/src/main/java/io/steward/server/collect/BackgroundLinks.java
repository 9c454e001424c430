package io.steward.server.collect;

import io.lettuce.core.api.StatefulConnection;
import io.steward.HostAndPort;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

/**
 * Long-lived connections, one per address, opened on a background thread so that asking for one never
 * blocks the round: a node that accepts TCP but never answers the handshake (a paused process) costs
 * the round its own time budget, not the client's connect and command timeouts.
 *
 * <p>At most one connect per address is under way; one that fails is replaced by a new attempt at the
 * next {@link #get}. Connections that finish opening after {@link #drop} or {@link #close} are closed.
 * {@link #get} and {@link #drop} are called by the round's thread only; completions arrive on others.
 *
 * @param <C> the connection type
 */
final class BackgroundLinks<C extends StatefulConnection<?, ?>> implements AutoCloseable {

    private final Function<HostAndPort, C> connect;
    private final ExecutorService connectThreads;
    private final Map<HostAndPort, CompletableFuture<C>> links = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param connect        opens a connection, blocking; throws when the address cannot be reached
     * @param connectThreads where {@code connect} runs; shared, owned by the caller
     */
    BackgroundLinks(Function<HostAndPort, C> connect, ExecutorService connectThreads) {
        this.connect = connect;
        this.connectThreads = connectThreads;
    }

    /**
     * The connection to {@code address}: complete when open, pending while a connect is under way,
     * failed when it could not be opened. Starts a connect when there is none or the last one failed.
     */
    CompletableFuture<C> get(HostAndPort address) {
        CompletableFuture<C> link = links.get(address);
        if (link == null || link.isCompletedExceptionally()) {
            link = CompletableFuture.supplyAsync(() -> connect.apply(address), connectThreads);
            links.put(address, link);
            link.thenAccept(connection -> {
                if (closed) {
                    connection.closeAsync();
                }
            });
        }
        return link;
    }

    /**
     * Closes the open connection to {@code address}, so the next {@link #get} opens a new one. A connect
     * still under way is left alone: it serves a later round instead of a second attempt piling up.
     */
    void drop(HostAndPort address) {
        CompletableFuture<C> link = links.get(address);
        if (link != null && link.isDone() && links.remove(address, link)) {
            link.thenAccept(StatefulConnection::closeAsync);
        }
    }

    /** Whether the connection to {@code address} is open (as far as this side knows). */
    boolean isOpen(HostAndPort address) {
        CompletableFuture<C> link = links.get(address);
        return link != null && link.isDone() && !link.isCompletedExceptionally();
    }

    /** Closes every connection, including those still being opened once they are. */
    @Override
    public void close() {
        closed = true;
        links.values().forEach(link -> link.thenAccept(StatefulConnection::closeAsync));
        links.clear();
    }
}
