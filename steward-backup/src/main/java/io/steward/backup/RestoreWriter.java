package io.steward.backup;

import io.steward.HostAndPort;
import io.steward.backup.internal.RestorePipe;
import io.steward.client.StewardClient;
import java.io.IOException;
import javax.net.ssl.SSLContext;

/** Where restored keys go: {@code RESTORE key ttl payload REPLACE ABSTTL}, pipelined. */
interface RestoreWriter extends AutoCloseable {

    /** Queues one key; {@code expireAtMillis} is absolute, or 0 for no expiry. */
    void restore(int db, byte[] key, long expireAtMillis, byte[] dumpPayload) throws IOException, InterruptedException;

    /** Sends what is queued and waits for every reply; returns the keys acknowledged. */
    long finish() throws IOException, InterruptedException;

    /** Keys acknowledged so far. */
    long acknowledged();

    String target();

    @Override
    void close();

    /** Into one node over a {@link RestorePipe}. */
    static RestoreWriter toNode(HostAndPort node, String user, char[] password, SSLContext tls) {
        RestorePipe pipe = RestorePipe.open(node, user, password, tls);
        return new RestoreWriter() {
            @Override
            public void restore(int db, byte[] key, long expireAtMillis, byte[] dumpPayload) throws IOException {
                pipe.restore(db, key, expireAtMillis, dumpPayload);
            }

            @Override
            public long finish() throws IOException, InterruptedException {
                return pipe.finish();
            }

            @Override
            public long acknowledged() {
                return pipe.acknowledged();
            }

            @Override
            public String target() {
                return node.toString();
            }

            @Override
            public void close() {
                pipe.close();
            }
        };
    }

    /** Into a cluster, routed by slot. */
    static RestoreWriter toCluster(StewardClient client) {
        return ClusterRestoreWriter.open(client);
    }
}
