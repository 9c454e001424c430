package io.steward.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher {@code ./steward} rebuilds exactly when a source is newer than steward.jar, and says
 * nothing else: a Steward home or any other directory it may not read in the tree is not searched.
 * Runs a copy of the launcher in a scratch tree as {@code nobody}, whom a mode-000 directory stops.
 */
class LauncherIT {

    private static final Path LAUNCHER =
            Path.of("..", "steward").toAbsolutePath().normalize();
    private static final Path JAR = Path.of("target", "steward.jar").toAbsolutePath();
    private static final FileTime LONG_AGO = FileTime.from(Instant.parse("2001-01-01T00:00:00Z"));

    @TempDir
    Path tmp;

    private Path root;

    @BeforeEach
    void scratchTree() throws Exception {
        AsNobody.assumeAvailable();
        assumeTrue(Files.isRegularFile(JAR), "needs " + JAR + " (built by 'package')");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        root = Files.createDirectories(tmp.resolve("repo"));
        Files.copy(LAUNCHER, root.resolve("steward"));
        // stands in for the Maven build: says that it ran
        Files.writeString(root.resolve("mvnw"), "#!/bin/sh\necho fake-build-ran >&2\n");
        Files.setPosixFilePermissions(root.resolve("mvnw"), PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String source : new String[] {"pom.xml", "steward-cli/pom.xml", "steward-cli/src/main/java/A.java"}) {
            Path file = root.resolve(source);
            Files.createDirectories(file.getParent());
            Files.writeString(file, "x");
            Files.setLastModifiedTime(file, LONG_AGO);
        }
        Files.createDirectories(root.resolve("steward-cli/target"));
        Files.createSymbolicLink(root.resolve("steward-cli/target/steward.jar"), JAR);
        for (String closed : new String[] {".steward", "data/redis"}) {
            Path dir = Files.createDirectories(root.resolve(closed));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("---------"));
        }
    }

    private AsNobody.Result launch(String... args) throws Exception {
        String[] command = new String[args.length + 2];
        command[0] = "bash";
        command[1] = root.resolve("steward").toString();
        System.arraycopy(args, 0, command, 2, args.length);
        return AsNobody.run(Map.of(), command);
    }

    @Test
    void launcherPrintsNothingButTheCommandsOutputWhenTheJarIsCurrent() throws Exception {
        AsNobody.Result run = launch("--version");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).startsWith("steward ");
        assertThat(run.err()).as(run.toString()).isEmpty();
    }

    @Test
    void launcherRebuildsWhenASourceIsNewerThanTheJar() throws Exception {
        Files.setLastModifiedTime(root.resolve("steward-cli/src/main/java/A.java"), FileTime.from(Instant.now()));

        AsNobody.Result run = launch("--version");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).contains("building steward.jar", "fake-build-ran").doesNotContain("find:");
    }

    @Test
    void launcherCommandsPrintTheirOwnUsageWithoutInstallingOrBuilding() throws Exception {
        AsNobody.Result test = launch("test", "--help");
        AsNobody.Result bench = launch("bench", "--help");

        assertThat(test.exitCode()).as(test.toString()).isZero();
        assertThat(test.out()).startsWith("Usage: ./steward test");
        assertThat(test.err()).as(test.toString()).isEmpty();
        assertThat(bench.exitCode()).as(bench.toString()).isZero();
        assertThat(bench.out()).startsWith("Usage: ./steward bench NAME").contains("failover", "cache-l1");
        assertThat(bench.err()).as(bench.toString()).isEmpty();
    }

    @Test
    void rootHelpNamesTheLauncherCommands() throws Exception {
        AsNobody.Result help = launch("--help");

        assertThat(help.exitCode()).as(help.toString()).isZero();
        assertThat(help.out()).contains("./steward test", "./steward bench NAME");
    }
}
