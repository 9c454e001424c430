package io.steward.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Versions filtered into {@code steward-bench.properties} at build time. */
final class BuildInfo {

    private BuildInfo() {}

    static String lettuceVersion() {
        return version("lettuce.version");
    }

    static String redissonVersion() {
        return version("redisson.version");
    }

    static String bucket4jVersion() {
        return version("bucket4j.version");
    }

    private static String version(String key) {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/steward-bench.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty(key, "unknown");
    }
}
