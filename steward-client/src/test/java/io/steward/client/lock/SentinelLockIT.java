package io.steward.client.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.steward.HostAndPort;
import io.steward.client.StewardClient;
import io.steward.client.TopologyOptions;
import io.steward.provision.LocalNode;
import io.steward.provision.LocalTopology;
import io.steward.provision.TopologyMode;
import io.steward.test.RedisTopology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@RedisTopology(mode = TopologyMode.SENTINEL)
class SentinelLockIT {

    private static final String LOCK = "ledger";

    @Test
    void contendersInTwoJvmsNeverOverlapAcrossAFailoverInWaitMode(LocalTopology topology, @TempDir Path dir)
            throws Exception {
        topology.awaitHealthy(Duration.ofSeconds(60));
        Path stop = dir.resolve("stop");
        Path local = dir.resolve("local.txt");
        Path remote = dir.resolve("remote.txt");
        Process other = startContender(topology, remote, stop, dir.resolve("remote.log"));
        CompletableFuture<Void> here = CompletableFuture.runAsync(() -> {
            try {
                LockContender.run(TopologyOptions.as(topology, "app").build(), local, stop, LOCK);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try (StewardClient client =
                StewardClient.create(TopologyOptions.as(topology, "app").build())) {
            await("both JVMs in the critical section")
                    .atMost(Duration.ofSeconds(40))
                    .until(() -> lines(local) >= 20 && lines(remote) >= 20);
            HostAndPort master = client.currentMaster();
            long killedAt = System.nanoTime();
            topology.node(master).kill();
            long localAtKill = lines(local);
            long remoteAtKill = lines(remote);
            await("both JVMs holding the lock again after the failover")
                    .atMost(Duration.ofSeconds(45))
                    .until(() -> {
                        if (here.isDone() || !other.isAlive()) {
                            here.getNow(null);
                            throw new AssertionError(
                                    "the other JVM stopped: " + Files.readString(dir.resolve("remote.log")));
                        }
                        return lines(local) >= localAtKill + 10 && lines(remote) >= remoteAtKill + 10;
                    });
            Files.createFile(stop);
            here.get(20, TimeUnit.SECONDS);
            assertThat(other.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(other.exitValue())
                    .as(Files.readString(dir.resolve("remote.log")))
                    .isZero();

            List<long[]> sections = new ArrayList<>(sections(local));
            sections.addAll(sections(remote));
            sections.sort(Comparator.comparingLong(s -> s[0]));
            for (int i = 1; i < sections.size(); i++) {
                long[] before = sections.get(i - 1);
                long[] after = sections.get(i);
                assertThat(after[0])
                        .as("section %d starts after section %d ended", i, i - 1)
                        .isGreaterThan(before[1]);
                assertThat(after[2]).as("fencing token of section %d", i).isGreaterThan(before[2]);
            }
            assertThat(sections.stream().filter(s -> s[0] > killedAt)).hasSizeGreaterThanOrEqualTo(20);
        } finally {
            Files.writeString(stop, "");
            other.destroyForcibly();
        }
    }

    private static Process startContender(LocalTopology topology, Path out, Path stop, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String sentinels = topology.sentinels().stream()
                .map(LocalNode::endpoint)
                .map(HostAndPort::toString)
                .collect(Collectors.joining(","));
        return new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        LockContender.class.getName(),
                        sentinels,
                        topology.masterName(),
                        "app",
                        topology.passwordFile("app").toString(),
                        out.toString(),
                        stop.toString(),
                        LOCK)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    private static long lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).size() : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<long[]> sections(Path file) throws IOException {
        return Files.readAllLines(file).stream()
                .filter(l -> !l.isBlank())
                .map(l -> Arrays.stream(l.trim().split(" "))
                        .mapToLong(Long::parseLong)
                        .toArray())
                .toList();
    }
}
