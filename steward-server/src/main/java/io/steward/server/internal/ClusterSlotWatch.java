package io.steward.server.internal;

import io.lettuce.core.api.StatefulRedisConnection;
import io.steward.HostAndPort;
import io.steward.StewardException;
import io.steward.client.StewardClient;
import io.steward.ops.info.ClusterNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Finds cluster failovers by asking one node for {@code CLUSTER NODES} each time {@link #poll} is
 * called and comparing which master serves each set of slots: a replica promoted in a failover takes
 * over exactly the slots of its failed master, so a slot set with a new owner is a failover.
 * Resharding changes the slot sets themselves and is not reported.
 *
 * <p>Why polling and not Lettuce's {@code ClusterTopologyChangedEvent}: that event fires only when the
 * cluster connection refreshes its topology, which the client does on redirects and reconnects (which
 * need traffic the daemon does not send) or every 30 s; one cheap command a second bounds the delay
 * without a data connection.
 *
 * <p>Not thread-safe: one thread polls.
 */
final class ClusterSlotWatch implements AutoCloseable {

    /** A set of slots now served by another master. */
    record SlotsMoved(String slots, HostAndPort from, HostAndPort to) {}

    private final StewardClient client;
    private final Duration timeout;
    private final Set<HostAndPort> known = new LinkedHashSet<>();
    private StatefulRedisConnection<String, String> connection;
    private HostAndPort connectedTo;
    private Map<String, HostAndPort> owners;

    /**
     * @param seeds   the configured cluster nodes; the nodes {@code CLUSTER NODES} names are added
     * @param timeout how long one node has to answer before the next is asked
     */
    ClusterSlotWatch(StewardClient client, Collection<HostAndPort> seeds, Duration timeout) {
        this.client = Objects.requireNonNull(client, "client");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        known.addAll(seeds);
    }

    /**
     * Asks one node (the last one that answered first) for the cluster's view.
     *
     * @return the slot sets whose master changed since the previous answer; empty the first time and
     *     when no node answered
     */
    List<SlotsMoved> poll() throws InterruptedException {
        String reply = clusterNodes();
        if (reply == null) {
            return List.of();
        }
        Map<String, HostAndPort> now = owners(reply);
        for (ClusterNode node : ClusterNode.parse(reply)) {
            if (node.endpoint() != null) {
                known.add(node.endpoint());
            }
        }
        List<SlotsMoved> moved = owners == null ? List.of() : moves(owners, now);
        owners = now;
        return moved;
    }

    /** Which master serves each slot set ({@code "0-5460"}, or several ranges joined by spaces). */
    static Map<String, HostAndPort> owners(String clusterNodes) {
        Map<String, HostAndPort> owners = new LinkedHashMap<>();
        for (String line : clusterNodes.split("\r?\n")) {
            List<ClusterNode> parsed = ClusterNode.parse(line);
            if (parsed.isEmpty() || !parsed.get(0).isMaster() || parsed.get(0).endpoint() == null) {
                continue;
            }
            String[] fields = line.trim().split(" ");
            List<String> slots = new ArrayList<>();
            for (int i = 8; i < fields.length; i++) {
                if (!fields[i].startsWith("[")) { // a slot being migrated still belongs to its current owner
                    slots.add(fields[i]);
                }
            }
            if (!slots.isEmpty()) {
                owners.put(String.join(" ", slots), parsed.get(0).endpoint());
            }
        }
        return owners;
    }

    /** The slot sets present in both maps with different owners. */
    static List<SlotsMoved> moves(Map<String, HostAndPort> before, Map<String, HostAndPort> after) {
        List<SlotsMoved> moved = new ArrayList<>();
        after.forEach((slots, owner) -> {
            HostAndPort previous = before.get(slots);
            if (previous != null && !previous.equals(owner)) {
                moved.add(new SlotsMoved(slots, previous, owner));
            }
        });
        return moved;
    }

    /** The reply of the first node that answers, trying each known node at most once; null if none did. */
    private String clusterNodes() throws InterruptedException {
        List<HostAndPort> order = new ArrayList<>();
        if (connectedTo != null) {
            order.add(connectedTo);
        }
        known.stream().filter(n -> !n.equals(connectedTo)).forEach(order::add);
        for (HostAndPort node : order) {
            try {
                if (connection == null) {
                    connection = client.connectNode(node);
                    connectedTo = node;
                }
                return connection.async().clusterNodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException | StewardException | io.lettuce.core.RedisException e) {
                disconnect();
            }
        }
        return null;
    }

    private void disconnect() {
        if (connection != null) {
            connection.closeAsync();
        }
        connection = null;
        connectedTo = null;
    }

    @Override
    public void close() {
        disconnect();
    }
}
