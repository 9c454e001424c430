package io.steward.client.lock;

import io.steward.HostAndPort;
import io.steward.StewardException;
import io.steward.client.ClientOptions;
import io.steward.client.Mode;
import io.steward.client.Profile;
import io.steward.client.StewardClient;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A lock contender for tests that need a second JVM: takes the lock {@code name} in WAIT mode again
 * and again until the stop file appears, and writes one line per critical section,
 * {@code <start nanos> <end nanos> <fencing token>}, to its output file. {@link System#nanoTime()} is
 * the machine's monotonic clock on Linux, so lines of two JVMs on one machine compare.
 *
 * <p>Arguments: sentinels (comma-separated host:port), master name, user, password file, output
 * file, stop file, lock name.
 */
public final class LockContender {

    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final Duration WAIT = Duration.ofSeconds(2);

    private LockContender() {}

    public static void main(String[] args) throws Exception {
        List<HostAndPort> sentinels =
                Arrays.stream(args[0].split(",")).map(HostAndPort::parse).toList();
        char[] password = Files.readString(Path.of(args[3])).trim().toCharArray();
        ClientOptions options = ClientOptions.builder()
                .profile(Profile.DEVELOPMENT)
                .mode(Mode.SENTINEL)
                .masterName(args[1])
                .endpoints(sentinels)
                .credentials(args[2], password)
                .build();
        run(options, Path.of(args[4]), Path.of(args[5]), args[6]);
    }

    /** Contends until {@code stop} exists; every failure of Redis (a failover) is waited out. */
    static void run(ClientOptions options, Path out, Path stop, String name) throws Exception {
        try (StewardClient client = StewardClient.create(options);
                StewardLocks locks = StewardLocks.create(
                        client,
                        // every replica: with WAIT for 1 of 2, Sentinel may promote the other one, which never
                        // saw the lock, and a second holder gets in (a full-suite run showed the overlap)
                        LockOptions.builder()
                                .waitForReplicas(2, Duration.ofSeconds(1))
                                .build());
                BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            while (!Files.exists(stop)) {
                try {
                    Optional<HeldLock> acquired = locks.tryLock(name, LEASE, WAIT);
                    if (acquired.isEmpty()) {
                        continue;
                    }
                    HeldLock lock = acquired.get();
                    long start = System.nanoTime();
                    Thread.sleep(2); // the critical section
                    long end = System.nanoTime();
                    record(writer, start + " " + end + " " + lock.fencingToken());
                    releaseQuietly(lock);
                } catch (StewardException | io.lettuce.core.RedisCommandExecutionException e) {
                    // NOREPLICAS comes as Lettuce reports it: min-replicas-to-write refuses while a replica resyncs
                    System.err.println(System.nanoTime() + " " + e); // for the test's report
                    Thread.sleep(100); // Redis unavailable or too few replicas during the failover
                }
            }
        }
    }

    private static void record(BufferedWriter writer, String line) throws IOException {
        writer.write(line);
        writer.newLine();
        writer.flush();
    }

    private static void releaseQuietly(HeldLock lock) {
        try {
            lock.release();
        } catch (StewardException e) {
            // the master went away: the lock expires with its lease
        }
    }
}
