package io.steward.client;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.steward.HostAndPort;

/**
 * A connection to the master of a standalone or Sentinel deployment that follows failovers, in the
 * codec it was opened with. {@link #sync()} and {@link #async()} are the same objects for the life
 * of the connection and always go to the master of the moment.
 *
 * <p>Thread-safe; close it when done (closing the client closes it too).
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface MasterConnection<K, V> extends AutoCloseable {

    /** Synchronous commands on the current master, with Steward's error mapping. */
    RedisCommands<K, V> sync();

    /** Asynchronous commands on the current master; failures arrive in the futures as Lettuce reports them. */
    RedisAsyncCommands<K, V> async();

    /** The node calls go to now. */
    HostAndPort currentMaster();

    /** Stops following the master and closes the connection. Idempotent. */
    @Override
    void close();

    /**
     * Told about the physical connections behind a {@link MasterConnection}, on its switching
     * thread: set-up such as {@code CLIENT TRACKING} belongs in {@link #connected}, and anything
     * that depends on server-pushed messages must be dropped in {@link #lost}.
     */
    interface Listener<K, V> {

        /** A listener that does nothing. */
        static <K, V> Listener<K, V> none() {
            return new Listener<>() {
                @Override
                public void connected(StatefulRedisConnection<K, V> connection) {}

                @Override
                public void lost() {}
            };
        }

        /**
         * A new connection, confirmed as master, before any call goes to it. An exception here
         * abandons the connection as if it could not be opened.
         */
        void connected(StatefulRedisConnection<K, V> connection);

        /** The current connection was lost or replaced: pushed messages may have been missed. */
        void lost();
    }
}
