package io.steward.backup;

import io.steward.HostAndPort;
import io.steward.PermissionDeniedException;
import io.steward.StewardException;
import io.steward.backup.internal.RestorePipe;
import io.steward.backup.rdb.RdbEntry;
import io.steward.backup.rdb.RdbValueSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/** {@link RestoreWriter} into one node over a {@link RestorePipe}. */
final class NodeRestoreWriter implements RestoreWriter {

    private final HostAndPort node;
    private final RestorePipe pipe;
    private final String user;

    NodeRestoreWriter(HostAndPort node, RestorePipe pipe, String user) {
        this.node = node;
        this.pipe = pipe;
        this.user = user == null ? "default" : user;
    }

    /** {@code SELECT} of each database answers an error when the node has fewer databases. */
    @Override
    public void checkDatabases(Set<Integer> dbs) throws IOException, InterruptedException {
        for (int db : dbs) {
            Optional<String> error = pipe.call(ascii("SELECT"), ascii(Integer.toString(db)));
            if (error.isPresent()) {
                throw refusedOrDenied(
                        error.get(),
                        "SELECT",
                        "the backup has keys in database " + db + ", which " + node + " does not accept (" + error.get()
                                + "); raise its 'databases' setting (a restart) and restore again");
            }
        }
    }

    @Override
    public void restoreFunctions(byte[] payload) throws IOException, InterruptedException {
        Optional<String> error = pipe.call(ascii("FUNCTION"), ascii("RESTORE"), payload, ascii("REPLACE"));
        if (error.isPresent()) {
            if (error.get().startsWith("NOPERM")) {
                throw new PermissionDeniedException(user, "FUNCTION RESTORE", null);
            }
            throw new StewardException(
                    node + " refused the backup's function libraries (" + error.get() + "); it kept its own libraries");
        }
    }

    @Override
    public void restore(RdbEntry entry, RdbValueSource value, int rdbVersion) throws IOException {
        pipe.restore(entry, value, rdbVersion);
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
    public boolean settle() throws InterruptedException {
        return pipe.settle();
    }

    @Override
    public String target() {
        return node.toString();
    }

    @Override
    public void close() {
        pipe.close();
    }

    private StewardException refusedOrDenied(String error, String command, String refusal) {
        if (error.startsWith("NOPERM")) {
            return new PermissionDeniedException(user, command, null);
        }
        return new RestoreRefusedException(refusal);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
