package io.steward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.steward.HostAndPort;
import io.steward.ops.config.ConfigWriter;
import io.steward.provision.AclUser;
import io.steward.provision.DeploymentPlan;
import io.steward.provision.LocalDeployment;
import io.steward.provision.Profile;
import io.steward.provision.RedisBinaries;
import io.steward.provision.TopologyMode;
import io.steward.test.FreePorts;
import io.steward.test.RedisTopology;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code restore --target} sends credentials only to nodes of the deployment, unless the user names
 * the target foreign and gives its own credentials (never on the command line).
 */
@RedisTopology
class ForeignTargetRestoreIT {

    private static String home;
    private static String id;

    @BeforeAll
    static void backup(LocalDeployment topology) throws IOException {
        home = topology.home().toString();
        ConfigWriter.write(
                LocalConfig.of(topology.plan(), topology.home()),
                topology.home().resolve("steward.yaml"));
        with(topology.master(), topology.password(AclUser.ADMIN), redis -> redis.set("restored", "yes"));
        id = new ObjectMapper()
                .readTree(
                        CliRun.of("--home", home, "--json", "backup", "create").out())
                .get("id")
                .asText();
    }

    @Test
    void restoreRefusesATargetOutsideTheDeploymentAndSendsItNothing(LocalDeployment topology) throws Exception {
        try (Trap trap = new Trap()) {
            CliRun run = CliRun.of("--home", home, "restore", id, "--confirm", "--target", trap.endpoint());

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err().strip().lines()).hasSize(1);
            assertThat(run.err())
                    .contains(
                            "--target: " + trap.endpoint() + " is not a node of deployment",
                            topology.master().toString(),
                            "nothing was sent",
                            "--foreign-target",
                            "--target-password-file");
            assertThat(trap.received()).as("connections to the target").isEmpty();
        }
    }

    @Test
    void foreignTargetNeedsAUserAndOnePasswordSourceNeverOnTheCommandLine(@TempDir Path tmp) throws Exception {
        Path readable = tmp.resolve("readable.pass");
        Files.writeString(readable, "secret");
        Files.setPosixFilePermissions(readable, PosixFilePermissions.fromString("rw-r--r--"));
        try (Trap trap = new Trap()) {
            String target = trap.endpoint();
            List<List<String>> attempts = List.of(
                    List.of("--foreign-target"),
                    List.of("--foreign-target", "--target-user", "app"),
                    List.of("--foreign-target", "--target-user", "app", "--target-password-env", "NO_SUCH_VARIABLE"),
                    List.of("--foreign-target", "--target-user", "app", "--target-password-file", readable.toString()),
                    List.of("--target-user", "app", "--target-password-file", readable.toString()));
            for (List<String> flags : attempts) {
                String[] args = java.util.stream.Stream.concat(
                                java.util.stream.Stream.of(
                                        "--home", home, "restore", id, "--confirm", "--target", target),
                                flags.stream())
                        .toArray(String[]::new);

                CliRun run = CliRun.of(args);

                assertThat(run.exitCode()).as(flags + "\n" + run).isEqualTo(ExitCodes.USAGE);
                assertThat(run.err()).as(flags.toString()).startsWith("error: --");
            }
            assertThat(trap.received()).isEmpty();
        }
    }

    @Test
    void foreignTargetIsRestoredWithItsOwnCredentialsAndPreRestoreBackup(@TempDir Path tmp) throws Exception {
        DeploymentPlan plan = DeploymentPlan.local(
                TopologyMode.STANDALONE, Profile.DEVELOPMENT, false, FreePorts.portBase(TopologyMode.STANDALONE));
        try (LocalDeployment other = LocalDeployment.start(
                plan, tmp.resolve("other"), RedisBinaries.locate(), LocalDeployment.DEFAULT_HEALTHY_TIMEOUT)) {
            HostAndPort target = other.master();
            String password = new String(other.password(AclUser.ADMIN));

            CliRun byFile = CliRun.of(
                    "--home",
                    home,
                    "restore",
                    id,
                    "--confirm",
                    "--no-pre-backup",
                    "--target",
                    target.toString(),
                    "--foreign-target",
                    "--target-user",
                    "admin",
                    "--target-password-file",
                    other.passwordFile(AclUser.ADMIN).toString());
            CliRun byEnvironment = CliRun.withEnv(
                    Map.of("OTHER_REDIS_PASSWORD", password),
                    "--home",
                    home,
                    "--json",
                    "restore",
                    id,
                    "--confirm",
                    "--target",
                    target.toString(),
                    "--foreign-target",
                    "--target-user",
                    "admin",
                    "--target-password-env",
                    "OTHER_REDIS_PASSWORD");

            assertThat(byFile.exitCode()).as(byFile.toString()).isZero();
            assertThat(byEnvironment.exitCode()).as(byEnvironment.toString()).isZero();
            assertThat(new ObjectMapper()
                            .readTree(byEnvironment.out())
                            .get("preRestoreBackup")
                            .asText())
                    .isNotBlank();
            with(target, other.password(AclUser.ADMIN), redis -> assertThat(redis.get("restored"))
                    .isEqualTo("yes"));
        }
    }

    private static void with(
            HostAndPort node,
            char[] password,
            java.util.function.Consumer<io.lettuce.core.api.sync.RedisCommands<String, String>> action) {
        RedisClient client = RedisClient.create(RedisURI.builder()
                .withHost(node.host())
                .withPort(node.port())
                .withAuthentication("admin", password)
                .build());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            action.accept(c.sync());
        } finally {
            client.shutdown();
        }
    }

    /** A loopback server that records every connection and what it was sent, and answers nothing. */
    private static final class Trap implements AutoCloseable {

        private final ServerSocket server;
        private final List<String> received = new CopyOnWriteArrayList<>();
        private final Thread acceptor;

        Trap() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            acceptor = new Thread(this::accept, "trap");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        String endpoint() {
            return "127.0.0.1:" + server.getLocalPort();
        }

        List<String> received() {
            return List.copyOf(received);
        }

        private void accept() {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    socket.setSoTimeout(2000);
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    InputStream in = socket.getInputStream();
                    byte[] buffer = new byte[4096];
                    try {
                        for (int n = in.read(buffer); n > 0 && bytes.size() < 65_536; n = in.read(buffer)) {
                            bytes.write(buffer, 0, n);
                        }
                    } catch (java.net.SocketTimeoutException e) {
                        // the client waits for a reply that never comes; what it sent is recorded
                    }
                    received.add(bytes.toString(StandardCharsets.ISO_8859_1));
                } catch (SocketException e) {
                    return;
                } catch (IOException e) {
                    received.add("(connection failed: " + e.getMessage() + ")");
                }
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
