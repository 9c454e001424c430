package io.steward.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.steward.HostAndPort;
import io.steward.backup.internal.BackupKey;
import io.steward.client.StewardClient;
import io.steward.ops.config.AuthConfig;
import io.steward.ops.config.StewardConfig;
import io.steward.ops.config.TopologyConfig;
import io.steward.provision.AclUser;
import io.steward.provision.LocalTopology;
import io.steward.test.RedisTopology;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backup verify --drill} loads decrypted data into a throwaway server: nobody but its owner
 * may read it, neither through the files nor by connecting.
 */
@RedisTopology
class RestoreDrillIT {

    @Test
    void drillServerRequiresAPasswordThatIsNeitherInItsArgumentsNorReadableByOthers(
            LocalTopology topology, @TempDir Path home) throws Exception {
        HostAndPort master = topology.master();
        StewardConfig config = StewardConfig.builder(TopologyConfig.standalone(master))
                .baseDir(home)
                .auth(AuthConfig.withPasswordFile("admin", topology.passwordFile(AclUser.ADMIN)))
                .build();
        List<String> seen = new ArrayList<>();
        try (StewardClient client =
                StewardClient.createForNodes(config.clientOptions().build())) {
            try (var node = client.connectNode(master)) {
                node.sync().set("drill:secret", "customer data");
            }
            StreamingBackupEngine engine = new StreamingBackupEngine(config, client, Clock.systemUTC());
            BackupManifest manifest = engine.create(BackupType.RDB, "manual", BackupEngine.Progress.NONE);
            Path dir = home.resolve("backups").resolve(manifest.id());
            BackupKey key = BackupKey.load(home.resolve("secrets/backup.key"));
            List<VerifyReport.Check> checks = new ArrayList<>();

            new RestoreDrill(dir, manifest, key, server -> {
                        seen.add(unauthenticatedReply(server.endpoint()));
                        String password = password(server.configFile());
                        seen.add(
                                String.join(
                                                        " ",
                                                        server.process()
                                                                .info()
                                                                .arguments()
                                                                .orElse(new String[0]))
                                                .contains(password)
                                        ? "password in arguments"
                                        : "arguments clean");
                        seen.add(permissions(server.configFile()));
                        seen.add(permissions(server.dir()));
                        seen.add(permissions(server.dir().resolve("dump.rdb")));
                    })
                    .run(checks);

            assertThat(checks)
                    .allSatisfy(c -> assertThat(c.passed()).as(c.toString()).isTrue());
        }
        assertThat(seen).hasSize(5);
        assertThat(seen.get(0)).startsWith("-NOAUTH");
        assertThat(seen.subList(1, 5)).containsExactly("arguments clean", "rw-------", "rwx------", "rw-------");
    }

    /** What the server answers a client that did not authenticate. */
    private static String unauthenticatedReply(HostAndPort endpoint) {
        try (Socket socket = new Socket(endpoint.host(), endpoint.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET drill:secret\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String password(Path configFile) {
        try {
            return Files.readAllLines(configFile).stream()
                    .filter(l -> l.startsWith("requirepass "))
                    .map(l -> l.substring("requirepass ".length()).strip())
                    .findFirst()
                    .orElse("(no requirepass line)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String permissions(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
