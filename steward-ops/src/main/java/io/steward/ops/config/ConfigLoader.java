package io.steward.ops.config;

import io.steward.ConfigException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
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
        try (Reader reader = Files.newBufferedReader(absolute, StandardCharsets.UTF_8)) {
            return ConfigBinder.bind(absolute, YamlTree.read(reader, absolute, expander));
        } catch (NoSuchFileException e) {
            throw new ConfigException(
                    absolute, 0, "", "file does not exist; run 'steward up' to create one or pass --config");
        } catch (IOException e) {
            throw new ConfigException(absolute, 0, "", "cannot read: " + e.getMessage());
        }
    }
}
