package io.steward.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * A process of its own that writes a backup draft and keeps it open, for tests of what other
 * processes may reclaim: prints {@code holding} once the draft exists, then waits until its
 * standard input closes and discards the draft. Arguments: the backup directory and the id.
 */
final class DraftHolder {

    private DraftHolder() {}

    public static void main(String[] args) throws IOException {
        BackupCatalog.Draft draft = new BackupCatalog(Path.of(args[0])).draft(args[1]);
        try (OutputStream part = draft.create("shard-0-6379.rdb.zst.enc")) {
            part.write(new byte[4096]);
        }
        System.out.println("holding");
        System.out.flush();
        while (System.in.read() >= 0) {
            // the test closes our standard input when we may finish
        }
        draft.discard();
    }
}
