package io.steward.spring.boot;

import io.steward.client.ClientOptions;
import io.steward.ops.config.ConfigLoader;
import java.nio.file.Path;

/**
 * Reads the client settings of a {@code steward.yaml} with steward-ops' loader, so the file means the
 * same to the application as to the CLI and the daemon. Kept apart from {@link ClientOptionsFactory}
 * so that steward-ops, an optional dependency, is loaded only when {@code steward.config-file} is set.
 */
final class StewardYamlFile {

    private StewardYamlFile() {}

    /**
     * @throws io.steward.ConfigException naming the file, line and field of a bad setting, or a
     *                                    password file that is missing or readable by others
     */
    static ClientOptions.Builder clientOptions(Path file) {
        return ConfigLoader.load(file).clientOptions();
    }
}
