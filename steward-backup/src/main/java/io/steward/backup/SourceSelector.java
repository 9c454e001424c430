package io.steward.backup;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import io.steward.ConnectionFailedException;
import io.steward.HostAndPort;
import io.steward.StewardException;
import io.steward.client.StewardClient;
import io.steward.ops.config.TopologyConfig;
import io.steward.ops.info.ReplicaInfo;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Picks the nodes each shard can be backed up from, in order of preference: the healthy replicas
 * (so the master does not fork for the backup), then the master. The engine moves to the next
 * node when one cannot be read, so a replica that looks healthy but hangs (paused, overloaded)
 * does not fail the backup.
 */
final class SourceSelector {

    /** A node to stream an RDB from, and its role. */
    record Source(HostAndPort node, String role) {}

    /** The nodes one shard can be read from, preferred first. */
    record Shard(List<Source> candidates) {
        Shard {
            candidates = List.copyOf(candidates);
            if (candidates.isEmpty()) {
                throw new IllegalArgumentException("a shard needs at least one node to read from");
            }
        }

        static Shard of(Source... candidates) {
            return new Shard(List.of(candidates));
        }
    }

    private final TopologyConfig topology;
    private final StewardClient client;

    SourceSelector(TopologyConfig topology, StewardClient client) {
        this.topology = topology;
        this.client = client;
    }

    /** One entry per shard. */
    List<Shard> shards() {
        return switch (topology.mode()) {
            case STANDALONE -> List.of(Shard.of(new Source(topology.nodes().get(0), "master")));
            case SENTINEL -> List.of(sentinelShard());
            case CLUSTER -> clusterShards();
        };
    }

    /** Where writes go: the master of a standalone or Sentinel deployment. */
    HostAndPort master() {
        return switch (topology.mode()) {
            case STANDALONE -> topology.nodes().get(0);
            case SENTINEL -> askSentinels((s, c) -> masterOf(c)).node();
            case CLUSTER -> throw new IllegalStateException("a cluster has one master per slot range");
        };
    }

    /**
     * The data nodes of the deployment: the configured nodes, and in Sentinel mode the master and
     * replicas every answering Sentinel names, in cluster mode every node a seed lists. Only the
     * Sentinels and seeds are asked.
     *
     * @throws StewardException when no Sentinel or seed answers
     */
    List<HostAndPort> nodes() {
        Set<HostAndPort> nodes = new LinkedHashSet<>(topology.nodes());
        switch (topology.mode()) {
            case STANDALONE -> {}
            case SENTINEL -> nodes.addAll(sentinelNodes());
            case CLUSTER -> nodes.addAll(clusterMembers());
        }
        return List.copyOf(nodes);
    }

    private Set<HostAndPort> sentinelNodes() {
        Set<HostAndPort> nodes = new LinkedHashSet<>();
        List<String> failures = new ArrayList<>();
        for (HostAndPort sentinel : topology.sentinels()) {
            try (StatefulRedisSentinelConnection<String, String> c = client.connectSentinel(sentinel)) {
                Source master = masterOf(c);
                if (master != null) {
                    nodes.add(master.node());
                }
                for (Map<String, String> replica : c.sync().replicas(topology.masterName())) {
                    if (ReplicaInfo.isListening(replica)) {
                        nodes.add(HostAndPort.of(replica.get("ip"), Integer.parseInt(replica.get("port"))));
                    }
                }
            } catch (StewardException | io.lettuce.core.RedisException e) {
                failures.add(sentinel + ": " + e.getMessage());
            }
        }
        if (nodes.isEmpty()) {
            throw new StewardException("no Sentinel named a node of '" + topology.masterName() + "': " + failures);
        }
        return nodes;
    }

    private List<HostAndPort> clusterMembers() {
        List<String> failures = new ArrayList<>();
        for (HostAndPort seed : topology.nodes()) {
            try (StatefulRedisConnection<String, String> c = client.connectNode(seed)) {
                return c.sync()
                        .clusterNodes()
                        .lines()
                        .map(String::trim)
                        .filter(l -> !l.isEmpty())
                        .map(l -> address(l.split(" ")[1], seed))
                        .toList();
            } catch (StewardException | io.lettuce.core.RedisException e) {
                failures.add(seed + ": " + e.getMessage());
            }
        }
        throw new StewardException("no cluster seed answered: " + failures);
    }

    private Shard sentinelShard() {
        return askSentinels((sentinel, c) -> {
            Source master = masterOf(c);
            if (master == null) {
                return null;
            }
            List<Source> candidates = new ArrayList<>(healthyReplicas(c.sync().replicas(topology.masterName())));
            candidates.add(master);
            return new Shard(candidates);
        });
    }

    /** The replicas a Sentinel reports with no flag but {@code slave} and the link to the master up. */
    static List<Source> healthyReplicas(List<Map<String, String>> sentinelReplicas) {
        List<Source> out = new ArrayList<>();
        for (Map<String, String> replica : sentinelReplicas) {
            String flags = replica.getOrDefault("flags", "");
            if (flags.equals("slave")
                    && "ok".equals(replica.get("master-link-status"))
                    && ReplicaInfo.isListening(replica)) {
                out.add(new Source(
                        HostAndPort.of(replica.get("ip"), Integer.parseInt(replica.get("port"))), "replica"));
            }
        }
        return out;
    }

    private Source masterOf(StatefulRedisSentinelConnection<String, String> c) {
        java.net.SocketAddress addr = c.sync().getMasterAddrByName(topology.masterName());
        if (addr instanceof java.net.InetSocketAddress inet) {
            return new Source(HostAndPort.of(inet.getHostString(), inet.getPort()), "master");
        }
        return null;
    }

    private interface SentinelQuestion<T> {
        /** The answer, or {@code null} when this Sentinel does not know the master. */
        T ask(HostAndPort sentinel, StatefulRedisSentinelConnection<String, String> connection);
    }

    private <T> T askSentinels(SentinelQuestion<T> question) {
        List<String> failures = new ArrayList<>();
        for (HostAndPort sentinel : topology.sentinels()) {
            try (StatefulRedisSentinelConnection<String, String> c = client.connectSentinel(sentinel)) {
                T answer = question.ask(sentinel, c);
                if (answer != null) {
                    return answer;
                }
                failures.add(sentinel + ": does not know master '" + topology.masterName() + "'");
            } catch (StewardException | io.lettuce.core.RedisException e) {
                failures.add(sentinel + ": " + e.getMessage());
            }
        }
        throw new StewardException("no Sentinel named a node of '" + topology.masterName() + "': " + failures);
    }

    private List<Shard> clusterShards() {
        List<String> failures = new ArrayList<>();
        for (HostAndPort seed : topology.nodes()) {
            try (StatefulRedisConnection<String, String> c = client.connectNode(seed)) {
                return fromClusterNodes(c.sync().clusterNodes(), seed);
            } catch (StewardException | io.lettuce.core.RedisException e) {
                failures.add(seed + ": " + e.getMessage());
            }
        }
        throw new ConnectionFailedException(
                topology.nodes().get(0),
                ConnectionFailedException.Reason.REFUSED,
                "no cluster seed answered: " + failures,
                null);
    }

    /** Per master with slots: its connected, non-failing replicas, then the master. */
    static List<Shard> fromClusterNodes(String clusterNodes, HostAndPort seed) {
        List<String[]> lines = clusterNodes
                .lines()
                .map(String::trim)
                .filter(l -> !l.isEmpty())
                .map(l -> l.split(" "))
                .toList();
        List<Shard> out = new ArrayList<>();
        for (String[] master : lines) {
            if (!master[2].contains("master") || master[2].contains("fail") || master.length <= 8) {
                continue;
            }
            List<Source> candidates = new ArrayList<>();
            lines.stream()
                    .filter(r -> r[3].equals(master[0])
                            && r[2].contains("slave")
                            && !r[2].contains("fail")
                            && "connected".equals(r[7]))
                    .forEach(r -> candidates.add(new Source(address(r[1], seed), "replica")));
            candidates.add(new Source(address(master[1], seed), "master"));
            out.add(new Shard(candidates));
        }
        if (out.isEmpty()) {
            throw new StewardException(seed + " reports no cluster master owning slots; check 'steward health'");
        }
        return out;
    }

    /** {@code ip:port@cport[,hostname]}; an empty ip means the node answering. */
    private static HostAndPort address(String field, HostAndPort seed) {
        String hostPort = field.split("[@,]")[0];
        int colon = hostPort.lastIndexOf(':');
        String host = hostPort.substring(0, colon);
        return HostAndPort.of(host.isEmpty() ? seed.host() : host, Integer.parseInt(hostPort.substring(colon + 1)));
    }
}
