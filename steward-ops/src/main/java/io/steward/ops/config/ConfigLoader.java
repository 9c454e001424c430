package io.steward.ops.config;

import io.steward.ConfigException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Reads and validates {@code steward.yaml} files. {@code ${VAR}} and {@code ${VAR:-default}} in values
 * are expanded from the environment given at construction ({@link #load(Path)} uses the process
 * environment); {@code $$} is a literal {@code $}. Relative paths resolve against the file's directory.
 * Instances are immutable and thread-safe.
 */
public final class ConfigLoader {

    private final EnvironmentExpander expander;

    private ConfigLoader(Map<String, String> environment) {
        this.expander = new EnvironmentExpander(environment);
    }

    /** A loader expanding variables from {@code environment} instead of the process environment. */
    public static ConfigLoader withEnvironment(Map<String, String> environment) {
        return new ConfigLoader(Objects.requireNonNull(environment, "environment"));
    }

    /**
     * Loads {@code file}, expanding variables from the process environment.
     *
     * @throws ConfigException naming the file, line, field path and what is allowed, for a missing or
     *                         unreadable file, malformed YAML, an unknown key or value, an unset variable
     *                         or an invalid combination of settings
     */
    public static StewardConfig load(Path file) {
        return withEnvironment(System.getenv()).read(file);
    }

    /**
     * Loads {@code file}, expanding variables from this loader's environment.
     *
     * @throws ConfigException as {@link #load(Path)}
     */
    public StewardConfig read(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        if (Files.isDirectory(absolute)) {
            throw new ConfigException(
                    absolute,
                    0,
                    "",
                    "is a directory, not a steward.yaml file; give the file (such as "
                            + absolute.resolve("steward.yaml")
                            + "), or pass the directory as --home if it is a Steward home");
        }
        try (Reader reader = Files.newBufferedReader(absolute, StandardCharsets.UTF_8)) {
            return ConfigBinder.bind(absolute, YamlTree.read(reader, absolute, expander));
        } catch (NoSuchFileException e) {
            throw new ConfigException(
                    absolute, 0, "", "file does not exist; run 'steward up' to create one or pass --config");
        } catch (AccessDeniedException e) {
            throw new ConfigException(
                    absolute,
                    0,
                    "",
                    "permission denied; the user running steward needs read access to the file and its directories");
        } catch (FileSystemException e) {
            throw new ConfigException(absolute, 0, "", "cannot read: " + reasonOf(e));
        } catch (IOException e) {
            throw new ConfigException(absolute, 0, "", "cannot read: " + e.getMessage());
        }
    }

    /** What went wrong without the path, which the error names already ("Not a directory"). */
    static String reasonOf(FileSystemException e) {
        return e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
    }
}
