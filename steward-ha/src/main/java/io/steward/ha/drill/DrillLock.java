package io.steward.ha.drill;

import io.steward.StewardException;
import io.steward.provision.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * One failover drill at a time per Steward home: a second drill would measure the first one's
 * failover as its own. An exclusive OS lock on {@code HOME/ha/drill.lock} (0600 in a 0700 folder),
 * released by {@link #close()} or, after {@code kill -9}, by the kernel with the process.
 */
public final class DrillLock implements AutoCloseable {

    static final String FILE = "drill.lock";

    private final FileChannel channel;

    private DrillLock(FileChannel channel) {
        this.channel = channel;
    }

    /**
     * Takes the lock of {@code home}.
     *
     * @throws StewardException when another drill holds it, or the lock file cannot be opened; nothing
     *                          is changed then
     */
    public static DrillLock acquire(Path home) {
        Path file = Objects.requireNonNull(home, "home").resolve("ha").resolve(FILE);
        FileChannel channel;
        try {
            OwnerOnlyFiles.createDirectories(file.getParent());
            channel = open(file);
        } catch (IOException e) {
            throw new StewardException(
                    "cannot open the drill lock " + file + ": " + e.getMessage()
                            + "; check that the Steward home is writable by you",
                    e);
        }
        try {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return new DrillLock(channel);
            }
        } catch (OverlappingFileLockException e) {
            // held by this very JVM: another drill runs here
        } catch (IOException e) {
            close(channel);
            throw new StewardException("cannot lock " + file + ": " + e.getMessage(), e);
        }
        close(channel);
        throw new StewardException("another failover drill is running on " + home + " (it holds " + file
                + "); wait for it to finish: two drills at once would measure each other's failover");
    }

    private static FileChannel open(Path file) throws IOException {
        try {
            return OwnerOnlyFiles.createChannel(file);
        } catch (FileAlreadyExistsException e) {
            // left by an earlier drill: the file stays, only its lock comes and goes
            return FileChannel.open(file, StandardOpenOption.WRITE);
        }
    }

    /** Releases the lock. Idempotent. */
    @Override
    public void close() {
        close(channel);
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // closing releases the lock whatever the error says
        }
    }
}
