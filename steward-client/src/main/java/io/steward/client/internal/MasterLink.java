package io.steward.client.internal;

import io.lettuce.core.api.StatefulRedisConnection;
import io.steward.HostAndPort;

/** One connection to the node that was confirmed as master when it was opened. */
record MasterLink<K, V>(HostAndPort endpoint, StatefulRedisConnection<K, V> connection)
        implements CommandsProxy.Target {

    @Override
    public Object api() {
        return connection.sync();
    }

    /** The same node, for asynchronous calls. */
    CommandsProxy.Target async() {
        return new CommandsProxy.Target() {
            @Override
            public Object api() {
                return connection.async();
            }

            @Override
            public HostAndPort endpoint() {
                return endpoint;
            }
        };
    }
}
