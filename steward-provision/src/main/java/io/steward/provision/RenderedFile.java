package io.steward.provision;

import java.nio.file.Path;

/**
 * A rendered config file. {@code secret} files (they hold a password or a password hash) must be
 * written mode 0600.
 */
public record RenderedFile(Path path, String content, boolean secret) {

    @Override
    public String toString() {
        return "RenderedFile[" + path + (secret ? ", secret" : "") + "]";
    }
}
