package io.steward.monitor.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.steward.test.MutableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history holds slowlog command arguments, that is user data: its files are the owner's only. */
class HistoryFileModeTest {

    @TempDir
    Path dir;

    @Test
    void historyFilesAreOwnerOnly() {
        Path file = dir.resolve(MetricsHistory.DEFAULT_FILE_NAME);
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (MetricsHistory history = MetricsHistory.open(file, clock)) {
            history.recordEvent(new Event(clock.instant(), EventKind.values()[0], "127.0.0.1:6379", "test"));
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files.toList()).contains(file).allSatisfy(f -> assertThat(permissions(f))
                        .as(f.toString())
                        .isEqualTo("rw-------"));
            }
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
