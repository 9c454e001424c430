package io.steward.ha.cluster;

import io.steward.StewardException;
import io.steward.provision.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The exclusive lock every command that changes the cluster holds: {@code BASE/ha/cluster.lock}
 * (0600 in a 0700 folder). An OS file lock, so the OS drops it when the holder dies and a stale
 * file never blocks anyone.
 */
final class ClusterLock implements AutoCloseable {

    static final String FILE = "cluster.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private ClusterLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock without waiting.
     *
     * @throws ClusterAdminException naming the lock file when another command holds it
     */
    static ClusterLock acquire(Path baseDir, String operation) {
        Path file = baseDir.resolve("ha").resolve(FILE);
        FileChannel channel = null;
        try {
            OwnerOnlyFiles.createDirectories(file.getParent());
            channel = open(file);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                channel.close();
                throw new ClusterAdminException("cannot " + operation + ": another steward command is changing the"
                        + " cluster (it holds " + file + "); wait for it to finish, then run this again");
            }
            return new ClusterLock(channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StewardException("cannot take the cluster lock " + file + ": " + e.getMessage(), e);
        }
    }

    private static FileChannel open(Path file) throws IOException {
        try {
            return OwnerOnlyFiles.createChannel(file);
        } catch (FileAlreadyExistsException e) {
            return FileChannel.open(file, StandardOpenOption.WRITE);
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            // held by this JVM: another operation of this process is still running
            return null;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // the original failure is what the caller needs to see
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the OS drops the lock with the channel anyway
        }
    }
}
