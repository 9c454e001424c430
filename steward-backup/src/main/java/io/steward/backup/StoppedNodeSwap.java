package io.steward.backup;

import io.steward.HostAndPort;
import io.steward.StewardException;
import io.steward.backup.internal.BackupKey;
import io.steward.provision.DeploymentStatus;
import io.steward.provision.Layout;
import io.steward.provision.LocalHome;
import io.steward.provision.OwnerOnlyFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;

/**
 * Restore into a stopped node of the local deployment by swapping files: the node's AOF directory
 * and {@code dump.rdb} are moved aside (that is the roll-back), and the backup's RDB becomes both
 * the new {@code dump.rdb} and the base of a fresh AOF directory (with {@code appendonly yes},
 * Redis 7 loads the AOF and would otherwise start empty). The data is loaded when the node starts.
 */
final class StoppedNodeSwap {

    static final String AOF_DIR = "appendonlydir";
    static final String AOF_BASE = "appendonly.aof.1.base.rdb";
    static final String AOF_MANIFEST = "appendonly.aof.manifest";

    private final Path home;
    private final HostAndPort node;

    private StoppedNodeSwap(Path home, HostAndPort node) {
        this.home = home;
        this.node = node;
    }

    /**
     * A swap when {@code target} is a node of the local deployment in {@code home} and it is not
     * running; empty when the node runs (restore then goes over the network).
     *
     * @throws StewardException when the node is stopped but its supervisor would restart it
     */
    static Optional<StoppedNodeSwap> of(Path home, HostAndPort target) {
        Optional<DeploymentStatus> status = LocalHome.inspect(home);
        Optional<DeploymentStatus.Node> local = status.flatMap(s -> s.nodes().stream()
                .filter(n -> !n.sentinel() && n.endpoint().equals(target))
                .findFirst());
        if (local.isEmpty() || local.get().isRunning()) {
            return Optional.empty();
        }
        if (status.get().supervisorPid() > 0) {
            throw new StewardException(target + " is stopped but its supervisor (pid "
                    + status.get().supervisorPid()
                    + ") will restart it; run 'steward down' first, restore, then 'steward up'");
        }
        return Optional.of(new StoppedNodeSwap(home, target));
    }

    RestoreReport apply(Path backupDir, BackupManifest manifest, BackupKey key) {
        if (manifest.rdbParts().size() != 1) {
            throw new StewardException(
                    "backup " + manifest.id() + " has " + manifest.rdbParts().size()
                            + " shards; a file swap restores one node: start the cluster and restore without --target");
        }
        BackupPart part = manifest.rdbParts().get(0);
        long started = System.nanoTime();
        Path workDir = Layout.local(home).workDir(node, false);
        String aside = ".before-" + manifest.id();
        try {
            Path staged = OwnerOnlyFiles.createTempDirectory(workDir, ".restore-");
            try (InputStream in = StreamingBackupEngine.decrypted(backupDir.resolve(part.file()), key);
                    OutputStream out = OwnerOnlyFiles.create(staged.resolve(AOF_BASE))) {
                in.transferTo(out);
            }
            Files.writeString(
                    staged.resolve(AOF_MANIFEST), "file " + AOF_BASE + " seq 1 type b\n", StandardCharsets.US_ASCII);
            moveAside(workDir.resolve(AOF_DIR), aside);
            moveAside(workDir.resolve("dump.rdb"), aside);
            try (OutputStream out = OwnerOnlyFiles.create(workDir.resolve("dump.rdb"))) {
                Files.copy(staged.resolve(AOF_BASE), out);
            }
            Files.move(staged, workDir.resolve(AOF_DIR), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new RestoreFailedException(
                    "restore of " + manifest.id() + " into stopped node " + node + " failed: "
                            + e.getMessage() + ". Its previous files, if moved, are in " + workDir + " with suffix "
                            + aside
                            + "; move them back to roll back",
                    0,
                    e);
        }
        return new RestoreReport(
                manifest.id(),
                node + " (stopped; files swapped, previous files kept with suffix " + aside + ")",
                null,
                part.keys(),
                part.keys(),
                0,
                Duration.ofNanos(System.nanoTime() - started));
    }

    private static void moveAside(Path file, String suffix) throws IOException {
        if (Files.exists(file)) {
            Files.move(file, file.resolveSibling(file.getFileName() + suffix));
        }
    }
}
