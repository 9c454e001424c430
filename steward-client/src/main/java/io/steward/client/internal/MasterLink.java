package io.steward.client.internal;

import io.lettuce.core.api.StatefulRedisConnection;
import io.steward.HostAndPort;

/** One connection to the node that was confirmed as master when it was opened. */
record MasterLink(HostAndPort endpoint, StatefulRedisConnection<String, String> connection)
        implements CommandsProxy.Target {

    @Override
    public Object api() {
        return connection.sync();
    }
}
