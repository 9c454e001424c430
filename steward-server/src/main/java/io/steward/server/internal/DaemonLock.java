package io.steward.server.internal;

import io.steward.StewardException;
import io.steward.provision.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One daemon per Steward home: an exclusive lock on {@code HOME/daemon.lock}, held for the daemon's life.
 * Two daemons on one home would run two collectors and two backup schedules on one history. The operating
 * system releases the lock when the process ends, however it ends ({@code kill -9} too), so a crashed daemon
 * never blocks the next one. The lock file names the holder (pid and address) for the refusal message.
 *
 * <p>POSIX drops every lock a process holds on a file when it closes any descriptor of that file, so a
 * daemon in this JVM is found in {@link #HELD} and its file is never opened a second time here.
 */
public final class DaemonLock implements AutoCloseable {

    static final String FILE_NAME = "daemon.lock";

    /** Lock files held by this JVM, with what they say about their holder. */
    private static final Map<Path, String> HELD = new ConcurrentHashMap<>();

    private final Path file;
    private final FileChannel channel;

    private DaemonLock(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /**
     * Takes the lock of {@code home}.
     *
     * @throws StewardException when another daemon holds it, naming its pid and address, or when the lock
     *     file cannot be written
     */
    public static DaemonLock acquire(Path home) {
        Path file = home.toAbsolutePath().normalize().resolve(FILE_NAME);
        String holder = "pid " + ProcessHandle.current().pid() + ", starting";
        if (HELD.putIfAbsent(file, holder) != null) {
            throw running(home, HELD.get(file));
        }
        FileChannel channel = null;
        try {
            OwnerOnlyFiles.createDirectories(file.getParent());
            channel = FileChannel.open(
                    file,
                    Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                HELD.remove(file);
                throw running(
                        home, Files.readString(file, StandardCharsets.UTF_8).strip());
            }
            DaemonLock held = new DaemonLock(file, channel);
            held.describe(holder);
            return held;
        } catch (IOException e) {
            closeQuietly(channel);
            HELD.remove(file);
            throw new StewardException("cannot lock " + file + " for the daemon: " + e.getMessage(), e);
        }
    }

    /** Records the daemon's address in the lock file, for the message a second daemon gives. */
    public void describe(String address) {
        String text = address.startsWith("pid ")
                ? address
                : "pid " + ProcessHandle.current().pid() + ", " + address;
        HELD.put(file, text);
        try {
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((text + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        } catch (IOException e) {
            // the lock holds all the same; only the refusal message of a second daemon is less precise
        }
    }

    /** Releases the lock; the file stays for the next daemon. */
    @Override
    public void close() {
        closeQuietly(channel);
        HELD.remove(file);
    }

    private static StewardException running(Path home, String holder) {
        return new StewardException("a Steward daemon already runs for " + home + " ("
                + (holder.isBlank() ? "holder unknown" : holder) + "); stop it first ('steward down', or"
                + " Ctrl-C where it runs) instead of starting a second one");
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // closing only releases the lock
        }
    }
}
