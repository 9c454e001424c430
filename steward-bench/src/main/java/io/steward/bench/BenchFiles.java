package io.steward.bench;

import io.steward.StewardException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** File helpers of the backup and restore benchmarks. */
final class BenchFiles {

    private BenchFiles() {}

    /** Deletes {@code root} and everything below it, if it exists. */
    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new StewardException("cannot delete " + root + ": " + e.getMessage(), e);
        }
    }

    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new StewardException("cannot read the size of " + file + ": " + e.getMessage(), e);
        }
    }
}
