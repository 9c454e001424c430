package io.steward.bench;

import io.steward.StewardException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** A fresh temporary Steward home for one run, deleted on {@link #close()}. */
final class BenchHome implements AutoCloseable {

    private final Path path;
    private final Consumer<String> progress;

    private BenchHome(Path path, Consumer<String> progress) {
        this.path = path;
        this.progress = progress;
    }

    /**
     * @throws StewardException when the directory cannot be created
     */
    static BenchHome create(String label, Consumer<String> progress) {
        try {
            return new BenchHome(Files.createTempDirectory("steward-bench-" + label + "-"), progress);
        } catch (IOException e) {
            throw new StewardException("cannot create a temporary home: " + e.getMessage(), e);
        }
    }

    Path path() {
        return path;
    }

    /** Deletes the home; what cannot be deleted is reported and left behind rather than failing the benchmark. */
    @Override
    public void close() {
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            progress.accept("could not delete " + path + ": " + e.getMessage());
        }
    }
}
