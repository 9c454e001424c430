package io.steward.provision;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Locations of {@code redis-server} and {@code redis-sentinel}: the directory in
 * {@code STEWARD_REDIS_BIN} when set, else the {@code PATH}.
 *
 * @param server   redis-server
 * @param sentinel redis-sentinel
 */
public record RedisBinaries(Path server, Path sentinel) {

    /** The Debian packages that provide the binaries. */
    public static final String INSTALL_HINT =
            "install them with: sudo apt-get install redis-server redis-sentinel redis-tools"
                    + " (or set STEWARD_REDIS_BIN to the directory holding them)";

    /**
     * Finds the binaries using the process environment.
     *
     * @throws ProvisionException naming the missing binary and how to install it
     */
    public static RedisBinaries locate() {
        return locate(System.getenv());
    }

    /** Finds the binaries using {@code env} ({@code STEWARD_REDIS_BIN}, {@code PATH}). */
    public static RedisBinaries locate(Map<String, String> env) {
        List<Path> dirs = new ArrayList<>();
        String override = env.get("STEWARD_REDIS_BIN");
        if (override != null && !override.isBlank()) {
            dirs.add(Path.of(override));
        } else {
            for (String entry : env.getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
                if (!entry.isBlank()) {
                    dirs.add(Path.of(entry));
                }
            }
        }
        return new RedisBinaries(find("redis-server", dirs), find("redis-sentinel", dirs));
    }

    private static Path find(String name, List<Path> dirs) {
        for (Path dir : dirs) {
            Path candidate = dir.resolve(name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new ProvisionException(name + " not found in " + dirs + "; " + INSTALL_HINT);
    }
}
