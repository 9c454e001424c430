package io.steward.backup;

import io.steward.HostAndPort;
import io.steward.backup.internal.RestorePipe;
import io.steward.backup.rdb.RdbEntry;
import io.steward.backup.rdb.RdbValueSource;
import io.steward.client.StewardClient;
import java.io.IOException;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * Where restored data goes: function libraries with {@code FUNCTION RESTORE ... REPLACE}, keys with
 * {@code RESTORE key ttl payload REPLACE ABSTTL [IDLETIME s | FREQ f]}, pipelined.
 */
interface RestoreWriter extends AutoCloseable {

    /**
     * Checks, before anything is written, that the target has each of {@code dbs}.
     *
     * @throws RestoreRefusedException naming a database the target does not have
     */
    void checkDatabases(Set<Integer> dbs) throws IOException, InterruptedException;

    /**
     * Loads function libraries (a {@link io.steward.backup.rdb.DumpPayload#ofFunctions} payload) and
     * waits for the target to take them: on each node all or none, libraries of the same name
     * replaced, the node's other libraries kept.
     *
     * @throws io.steward.StewardException when the target refuses them (say a function name another
     *     of its libraries holds)
     */
    void restoreFunctions(byte[] payload) throws IOException, InterruptedException;

    /**
     * Queues one key: its value as {@code value} reads it from the backup, its absolute expiry (none
     * when {@link RdbEntry#expireAtMillis()} is -1) and its LRU idle time or LFU counter if the
     * backup has one.
     */
    void restore(RdbEntry entry, RdbValueSource value, int rdbVersion) throws IOException, InterruptedException;

    /** Sends what is queued and waits for every reply; returns the keys acknowledged. */
    long finish() throws IOException, InterruptedException;

    /** Keys acknowledged so far. */
    long acknowledged();

    /**
     * After a failure: sends nothing more and waits (bounded) for the replies to what was sent, all
     * of which the target executes whatever failed, so that {@link #acknowledged()} counts every
     * key written.
     *
     * @return whether it does (false when the connection was lost or the replies stopped)
     */
    boolean settle() throws InterruptedException;

    String target();

    @Override
    void close();

    /** Into one node over a {@link RestorePipe}. */
    static RestoreWriter toNode(HostAndPort node, String user, char[] password, SSLContext tls) {
        return new NodeRestoreWriter(node, RestorePipe.open(node, user, password, tls), user);
    }

    /** Into a cluster, routed by slot. */
    static RestoreWriter toCluster(StewardClient client) {
        return ClusterRestoreWriter.open(client);
    }
}
