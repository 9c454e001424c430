package io.steward.ha.drill;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import io.lettuce.core.sentinel.api.sync.RedisSentinelCommands;
import io.steward.ConnectionFailedException;
import io.steward.HostAndPort;
import io.steward.StewardException;
import io.steward.client.MasterConnection;
import io.steward.client.StewardClient;
import io.steward.ha.sentinel.SentinelEvent;
import io.steward.ha.sentinel.SentinelEventStream;
import io.steward.ops.info.InfoSnapshot;
import io.steward.ops.info.ReplicaInfo;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A Sentinel deployment: writes through {@link StewardClient#commands()} (which follows the
 * failover), timings from the sentinels' events, keys read back from the new master.
 */
final class SentinelDrillTopology implements DrillTopology {

    /** Beyond down-after: quorum (asked every 1 s), leader election (up to 1 s of random delay), promotion seen by INFO (1 s) and the other replica reconfigured (1 s), with slack. */
    static final long SWITCH_MARGIN_MILLIS = 5000;
    /** A planned failover skips detection and election. */
    static final long MANUAL_SWITCH_MILLIS = 5000;
    /** A client that follows the switch resumes within this of it: the event, a connect, a ROLE. */
    static final long GAP_MARGIN_MILLIS = 500;
    /** After failover-timeout Sentinel gives up; a little more for its last events to arrive. */
    static final long DEADLINE_SLACK_MILLIS = 5000;
    /** How often the sentinels are asked for the master, in case an event is missed. */
    private static final long POLL_EVERY_MILLIS = 250;
    /** How long a switch seen by polling waits for its event, which carries the better time. */
    private static final long EVENT_GRACE_MILLIS = 1000;

    private final StewardClient client;
    private final String masterName;
    private final List<HostAndPort> sentinels;
    private final Clock clock;
    private final SentinelEventStream events;
    private final AtomicReference<Recorder> recorder = new AtomicReference<>();
    private final AtomicReference<DurableLink> durableLink = new AtomicReference<>();
    private final MasterConnection<String, String> durableMaster;

    SentinelDrillTopology(StewardClient client, String masterName, List<HostAndPort> sentinels, Clock clock) {
        this.client = client;
        this.masterName = masterName;
        this.sentinels = List.copyOf(sentinels);
        this.clock = clock;
        this.events = SentinelEventStream.open(client, sentinels, SentinelEvent.FAILOVER_TYPES, this::onEvent, clock);
        // durable writes need the physical connection of the moment; the listener hands it over
        MasterConnection<String, String> master;
        try {
            master = client.connectMaster(StringCodec.UTF8, new MasterConnection.Listener<>() {
                @Override
                public void connected(StatefulRedisConnection<String, String> connection) {
                    durableLink.set(new DurableLink(connection, listeningReplicas(connection)));
                }

                @Override
                public void lost() {
                    // deliberately keeps the link: on a switch the holder calls lost() for the replaced
                    // connection AFTER connected() for the new one, so clearing here would drop the new
                    // master; a link that is really gone fails its writes until connected() replaces it
                }
            });
        } catch (RuntimeException e) {
            events.close(); // the subscriptions would outlive a topology nobody can close
            throw e;
        }
        this.durableMaster = master;
    }

    /** The physical connection to a master and how many replicas a durable write waits for on it. */
    private record DurableLink(StatefulRedisConnection<String, String> connection, int replicas) {}

    /**
     * The master's listening replicas online now (replication clients such as a backup excluded), at
     * least 1: WAIT for all of them means whichever replica Sentinel promotes has the write.
     */
    static int listeningReplicas(StatefulRedisConnection<String, String> connection) {
        InfoSnapshot info = InfoSnapshot.parse(connection.sync().info("replication"));
        return (int) Math.max(
                1, info.replicas().stream().filter(ReplicaInfo::isOnline).count());
    }

    @Override
    public HostAndPort master() {
        return client.currentMaster();
    }

    @Override
    public List<HostAndPort> endpoints() {
        Set<HostAndPort> nodes = new LinkedHashSet<>(sentinels);
        nodes.add(master());
        nodes.addAll(replicasKnownToSentinels());
        return List.copyOf(nodes);
    }

    @Override
    public DrillLimits limits(DrillMode mode) {
        Map<String, String> master = askAnySentinel(s -> s.master(masterName));
        long downAfter = Long.parseLong(master.getOrDefault("down-after-milliseconds", "30000"));
        long failoverTimeout = Long.parseLong(master.getOrDefault("failover-timeout", "180000"));
        long pass = mode == DrillMode.MANUAL ? MANUAL_SWITCH_MILLIS : downAfter + SWITCH_MARGIN_MILLIS;
        long deadline = downAfter + failoverTimeout + DEADLINE_SLACK_MILLIS;
        return new DrillLimits(
                downAfter, failoverTimeout, pass, downAfter + failoverTimeout, GAP_MARGIN_MILLIS, deadline);
    }

    @Override
    public Optional<String> unsettled() {
        return Optional.ofNullable(whatIsUnsettled());
    }

    /**
     * Counts the replicas a durable write waits for anew at the start of a run: the link may date
     * from the previous run's switch, when not every replica had been reconfigured yet.
     */
    @Override
    public void recountReplicas() {
        DurableLink link = durableLink.get();
        if (link != null && link.connection().isOpen()) {
            durableLink.compareAndSet(link, new DurableLink(link.connection(), listeningReplicas(link.connection())));
        }
    }

    /** What keeps the deployment from being settled, or null when it is. */
    private String whatIsUnsettled() {
        HostAndPort agreed = null;
        for (HostAndPort sentinel : sentinels) {
            try (StatefulRedisSentinelConnection<String, String> c = client.connectSentinel(sentinel)) {
                SocketAddress address = c.sync().getMasterAddrByName(masterName);
                if (address == null) {
                    return "sentinel " + sentinel + " does not know the master " + masterName
                            + " (just reset or not configured)";
                }
                HostAndPort named = endpoint(address);
                if (agreed != null && !agreed.equals(named)) {
                    return "sentinels name different masters: " + agreed + " and " + named;
                }
                agreed = named;
                String flags = c.sync().master(masterName).getOrDefault("flags", "");
                if (!"master".equals(flags)) {
                    return "sentinel " + sentinel + " flags the master " + flags;
                }
            } catch (RuntimeException e) {
                return "sentinel " + sentinel + " unreachable: " + NodeOps.errorCode(e);
            }
        }
        List<Map<String, String>> replicas = askAnySentinel(s -> s.replicas(masterName));
        List<HostAndPort> listening = new ArrayList<>();
        for (Map<String, String> replica : replicas) {
            if (!ReplicaInfo.isListening(replica)) {
                continue;
            }
            HostAndPort endpoint = HostAndPort.of(replica.get("ip"), Integer.parseInt(replica.get("port")));
            String flags = replica.getOrDefault("flags", "");
            if (flags.contains("down") || flags.contains("disconnected")) {
                return "replica " + endpoint + " is " + flags;
            }
            listening.add(endpoint);
        }
        if (listening.isEmpty()) {
            return "the master has no replica to fail over to";
        }
        try (StatefulRedisConnection<String, String> c = client.connectNode(agreed)) {
            InfoSnapshot info = InfoSnapshot.parse(c.sync().info("replication"));
            if (!info.isMaster()) {
                return agreed + " does not report itself master yet";
            }
            long online = info.replicas().stream().filter(ReplicaInfo::isOnline).count();
            if (online < listening.size()) {
                return online + " of " + listening.size() + " replicas online at " + agreed;
            }
        } catch (RuntimeException e) {
            return "master " + agreed + " unreachable: " + NodeOps.errorCode(e);
        }
        for (HostAndPort replica : listening) {
            if (!NodeOps.isConnectedReplicaOf(client, replica, agreed)) {
                return "replica " + replica + " is not connected to " + agreed;
            }
        }
        return null;
    }

    @Override
    public boolean write(String key, String value, boolean durable, Duration replicationTimeout) {
        RedisCommands<String, String> commands = client.commands();
        if (!durable) {
            commands.set(key, value, SetArgs.Builder.px(DrillWriters.KEY_TTL.toMillis()));
            return true;
        }
        // SET and WAIT on the same physical connection: were they sent through the proxy, a switch in
        // between would have WAIT count replicas of the new master for a write the old one took
        DurableLink link = durableLink.get();
        if (link == null || !link.connection().isOpen()) {
            // a command through the proxy makes the holder notice a dead master and look it up again
            durableMaster.sync().ping();
            throw new StewardException("no master connected");
        }
        RedisCommands<String, String> connection = link.connection().sync();
        connection.set(key, value, SetArgs.Builder.px(DrillWriters.KEY_TTL.toMillis()));
        return connection.waitForReplication(link.replicas(), replicationTimeout.toMillis()) >= link.replicas();
    }

    /**
     * Asks the first sentinel that names {@code master} for {@code SENTINEL FAILOVER}. A refusal
     * ({@code NOGOODSLAVE}, {@code INPROG}) ends the attempt with the sentinel's words: another
     * sentinel would see the same replicas, and asking it would hide why. Only an unreachable
     * sentinel, or one that does not know the master, passes the question on.
     */
    @Override
    public void failOverManually(HostAndPort master) {
        List<String> skipped = new ArrayList<>();
        for (HostAndPort sentinel : sentinels) {
            try (StatefulRedisSentinelConnection<String, String> c = client.connectSentinel(sentinel)) {
                SocketAddress address = c.sync().getMasterAddrByName(masterName);
                if (address == null) {
                    skipped.add(sentinel + " does not know " + masterName);
                    continue;
                }
                HostAndPort named = endpoint(address);
                if (named.port() != master.port() || !NodeOps.sameHost(named.host(), master.host())) {
                    throw new StewardException("sentinel " + sentinel + " names " + named + " as master of "
                            + masterName + ", not " + master + "; the master changed before the fault");
                }
                c.sync().failover(masterName);
                return;
            } catch (RedisCommandExecutionException e) {
                throw new StewardException(
                        "sentinel " + sentinel + " refused the failover of " + master + ": " + e.getMessage()
                                + "; check './steward sentinel status'",
                        e);
            } catch (RedisException | ConnectionFailedException e) {
                skipped.add(sentinel + " unreachable: " + NodeOps.errorCode(e));
            }
        }
        throw new StewardException("no sentinel could start the failover of " + master + ": " + skipped);
    }

    @Override
    public SwitchWatch watch(HostAndPort oldMaster) {
        Recorder r = new Recorder(oldMaster);
        recorder.set(r);
        events.subscribeMissing();
        return r;
    }

    @Override
    public String keyServedBy(HostAndPort master, String base) {
        return base;
    }

    @Override
    public Map<HostAndPort, List<String>> byMaster(List<String> keys) {
        return Map.of(master(), keys);
    }

    @Override
    public void close() {
        durableMaster.close();
        events.close();
    }

    private void onEvent(SentinelEvent event) {
        Recorder r = recorder.get();
        if (r != null) {
            r.accept(event);
        }
    }

    private List<HostAndPort> replicasKnownToSentinels() {
        return askAnySentinel(s -> s.replicas(masterName)).stream()
                .filter(ReplicaInfo::isListening)
                .map(r -> HostAndPort.of(r.get("ip"), Integer.parseInt(r.get("port"))))
                .toList();
    }

    private <T> T askAnySentinel(java.util.function.Function<RedisSentinelCommands<String, String>, T> question) {
        RuntimeException last = null;
        for (HostAndPort sentinel : sentinels) {
            try (StatefulRedisSentinelConnection<String, String> c = client.connectSentinel(sentinel)) {
                return question.apply(c.sync());
            } catch (RuntimeException e) {
                last = e;
            }
        }
        throw new StewardException("no sentinel answered (" + sentinels + "): " + last.getMessage(), last);
    }

    private Optional<HostAndPort> polledMaster() {
        for (HostAndPort sentinel : sentinels) {
            try (StatefulRedisSentinelConnection<String, String> c = client.connectSentinel(sentinel)) {
                SocketAddress address = c.sync().getMasterAddrByName(masterName);
                if (address != null) {
                    return Optional.of(endpoint(address));
                }
                // a sentinel that does not know the master (just reset) has no answer: the next one
            } catch (RuntimeException e) {
                // the next sentinel
            }
        }
        return Optional.empty();
    }

    private static HostAndPort endpoint(SocketAddress address) {
        InetSocketAddress a = (InetSocketAddress) address;
        return HostAndPort.of(a.getHostString(), a.getPort());
    }

    /** One failover's events: the first of each kind about the old master, after the watch began. */
    private final class Recorder implements SwitchWatch {
        private final HostAndPort oldMaster;
        private volatile Long sdownAt;
        private volatile Long odownAt;
        private volatile Long switchAt;
        private volatile HostAndPort newMaster;
        private final List<String> notes = new ArrayList<>();
        // the drill's thread alone reads and writes these
        private Long polledSwitchAt;
        private HostAndPort polledMaster;
        private long lastPoll;

        Recorder(HostAndPort oldMaster) {
            this.oldMaster = oldMaster;
        }

        synchronized void accept(SentinelEvent event) {
            if (!event.isAboutMaster(masterName)) {
                return;
            }
            long at = event.receivedAt().toEpochMilli();
            switch (event.type()) {
                case SentinelEvent.SDOWN -> {
                    if (sdownAt == null && isOldMasterInstance(event)) {
                        sdownAt = at;
                    }
                }
                case SentinelEvent.ODOWN -> {
                    if (odownAt == null && isOldMasterInstance(event)) {
                        odownAt = at;
                    }
                }
                case SentinelEvent.SWITCH_MASTER -> {
                    if (switchAt == null
                            && event.oldMaster().filter(this::isOldMaster).isPresent()) {
                        newMaster = event.newMaster().orElse(null);
                        switchAt = at;
                    }
                }
                default -> {
                    // other events are not timed
                }
            }
        }

        private boolean isOldMasterInstance(SentinelEvent event) {
            return event.isAboutMasterInstance()
                    && event.instanceAddress().filter(this::isOldMaster).isPresent();
        }

        private boolean isOldMaster(HostAndPort endpoint) {
            return endpoint.port() == oldMaster.port() && NodeOps.sameHost(endpoint.host(), oldMaster.host());
        }

        @Override
        public Observation observed() {
            long now = clock.millis();
            // polling happens outside the lock: accept() runs on Lettuce's event thread and must not
            // wait for a connection that may need that very thread
            if (switchAt == null && polledSwitchAt == null && now - lastPoll >= POLL_EVERY_MILLIS) {
                lastPoll = now;
                polledMaster().filter(m -> !m.equals(oldMaster)).ifPresent(m -> {
                    polledMaster = m;
                    polledSwitchAt = clock.millis();
                });
            }
            synchronized (this) {
                if (switchAt == null && polledSwitchAt != null && now - polledSwitchAt >= EVENT_GRACE_MILLIS) {
                    switchAt = polledSwitchAt;
                    newMaster = polledMaster;
                    notes.add("no +switch-master event arrived; the switch time is when a sentinel first named "
                            + polledMaster + " (polled every " + POLL_EVERY_MILLIS + " ms)");
                }
                return new Observation(sdownAt, odownAt, switchAt, newMaster, List.copyOf(notes));
            }
        }

        @Override
        public void close() {
            recorder.compareAndSet(this, null);
        }
    }
}
