package io.steward.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.steward.provision.RedisBinaries;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A drill sweeps the folders of killed drills, shutting down a throwaway server one left running. */
class DrillFoldersIT {

    @TempDir
    Path root;

    @Test
    void sweepStopsTheOrphanedServerOfAKilledDrillAndKeepsTheFolderOfARunningOne() throws Exception {
        Path running = DrillFolders.create(root);
        Path killed = DrillFolders.create(root);
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.writeString(killed.resolve("owner"), gone.pid() + " 0\n"); // its owner has exited
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Files.writeString(
                killed.resolve(RestoreDrill.CONFIG_FILE),
                "bind 127.0.0.1\nport " + port + "\nsave \"\"\nappendonly no\ndir " + killed + "\n");
        Process orphan = new ProcessBuilder(
                        RedisBinaries.locate().server().toString(),
                        killed.resolve(RestoreDrill.CONFIG_FILE).toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            DrillFolders.recordServer(killed, orphan.pid());
            // redis-server shows its address in its process title once it listens
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> Files.readString(Path.of("/proc", Long.toString(orphan.pid()), "cmdline"))
                            .contains("127.0.0.1:" + port));

            DrillFolders.Sweep sweep = DrillFolders.removeLeftovers(root, Instant.now());

            assertThat(sweep).isEqualTo(new DrillFolders.Sweep(1, 1));
            await().atMost(Duration.ofSeconds(30)).until(() -> !orphan.isAlive());
            assertThat(killed).doesNotExist();
            assertThat(running).isDirectory();
        } finally {
            orphan.destroyForcibly();
        }
    }
}
