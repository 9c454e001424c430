package io.steward.client.internal;

import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import io.steward.ConfigException;
import io.steward.HostAndPort;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks the sentinels, one at a time, for {@code SENTINEL get-master-addr-by-name}; the first
 * answer wins and that sentinel is asked first next time. The answer may be stale during a
 * failover, so callers confirm it with the node's role.
 */
final class SentinelMasterLocator implements MasterLocator {

    private final NodeConnector connector;
    private final List<HostAndPort> sentinels;
    private final String masterName;
    private volatile int preferred;

    SentinelMasterLocator(NodeConnector connector, List<HostAndPort> sentinels, String masterName) {
        this.connector = connector;
        this.sentinels = List.copyOf(sentinels);
        this.masterName = masterName;
    }

    /**
     * @throws ConfigException when the sentinels that answered do not monitor {@code masterName}
     * @throws RuntimeException the first sentinel's connection failure, the others suppressed,
     *                          when no sentinel answered
     */
    @Override
    public HostAndPort locate() {
        RuntimeException failure = null;
        List<HostAndPort> unaware = new ArrayList<>();
        int start = preferred;
        for (int i = 0; i < sentinels.size(); i++) {
            int index = (start + i) % sentinels.size();
            HostAndPort sentinel = sentinels.get(index);
            try {
                HostAndPort master = ask(sentinel);
                if (master != null) {
                    preferred = index;
                    return master;
                }
                unaware.add(sentinel);
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        ConfigException unknownMaster = unaware.isEmpty()
                ? null
                : new ConfigException(
                        "masterName", "sentinels " + unaware + " monitor no master named '" + masterName + "'");
        if (failure == null) {
            throw unknownMaster;
        }
        if (unknownMaster != null) {
            failure.addSuppressed(unknownMaster);
        }
        throw failure;
    }

    private HostAndPort ask(HostAndPort sentinel) {
        StatefulRedisSentinelConnection<String, String> connection = connector.connectSentinel(sentinel);
        try {
            return HostAndPort.of(connection.sync().getMasterAddrByName(masterName));
        } catch (RuntimeException e) {
            throw RedisErrorMapper.map(e, sentinel, connector.options().username(), "sentinel");
        } finally {
            connection.closeAsync();
        }
    }
}
