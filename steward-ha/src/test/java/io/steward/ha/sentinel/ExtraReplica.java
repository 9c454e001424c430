package io.steward.ha.sentinel;

import io.steward.HostAndPort;
import io.steward.provision.LocalTopology;
import io.steward.provision.OwnerOnlyFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A redis-server outside the deployment's supervision, replicating from its master with the deployment's ACL
 * users (so the Sentinels can talk to it too): no persistence, in a temporary folder. Killing it leaves the
 * stale entry Sentinel keeps listing.
 */
final class ExtraReplica implements AutoCloseable {

    private final Process process;
    private final Path dir;
    private final HostAndPort endpoint;

    private ExtraReplica(Process process, Path dir, HostAndPort endpoint) {
        this.process = process;
        this.dir = dir;
        this.endpoint = endpoint;
    }

    static ExtraReplica start(LocalTopology topology, HostAndPort master) throws IOException {
        int port = freePort();
        Path dir = Files.createTempDirectory("steward-extra-replica");
        Path acl = dir.resolve("users.acl");
        Files.copy(
                topology.home()
                        .resolve("nodes")
                        .resolve(String.valueOf(master.port()))
                        .resolve("users.acl"),
                acl);
        char[] password = topology.password("replica");
        String conf = String.join(
                "\n",
                "port " + port,
                "bind 127.0.0.1",
                "dir " + dir,
                "save \"\"",
                "appendonly no",
                "aclfile " + acl,
                "masteruser replica",
                "masterauth " + new String(password),
                "replicaof " + master.host() + " " + master.port(),
                "logfile " + dir.resolve("redis.log"),
                "");
        Arrays.fill(password, '\0');
        Path confFile = dir.resolve("redis.conf");
        OwnerOnlyFiles.replace(confFile, conf.getBytes(StandardCharsets.UTF_8));
        Process process = new ProcessBuilder("redis-server", confFile.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .start();
        return new ExtraReplica(process, dir, HostAndPort.of("127.0.0.1", port));
    }

    HostAndPort endpoint() {
        return endpoint;
    }

    /** SIGKILL, as a crash or a decommissioned host would leave it. */
    void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("extra replica " + endpoint + " did not exit");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping extra replica " + endpoint, e);
        }
    }

    @Override
    public void close() throws IOException {
        kill();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
