package io.steward.provision;

import io.steward.HostAndPort;
import io.steward.provision.tls.TlsFiles;
import java.nio.file.Path;

/**
 * Where each node's files live, as written into the rendered configs, and where the rendered files
 * are written. The local layout keeps everything under the Steward home; the host layout renders
 * for real machines, with conventional absolute paths inside the configs.
 */
public interface Layout {

    /** Where the rendered config of {@code node} is written. */
    Path configFile(HostAndPort node, boolean sentinel);

    /** Where the rendered ACL file of a data node is written. */
    Path aclFile(HostAndPort node);

    /** The working directory written into the config ({@code dir}). */
    Path workDir(HostAndPort node, boolean sentinel);

    /** The ACL file path written into the config ({@code aclfile}). */
    Path aclFileInConfig(HostAndPort node);

    /** The TLS files as named in the configs. */
    TlsFiles tlsInConfig();

    /** {@code bind} addresses for a node. */
    String bind(HostAndPort node);

    /** Everything under {@code home}: {@code nodes/PORT/} and {@code sentinels/PORT/}; loopback bind. */
    static Layout local(Path home) {
        Path root = home.toAbsolutePath().normalize();
        return new Layout() {
            @Override
            public Path configFile(HostAndPort node, boolean sentinel) {
                return workDir(node, sentinel).resolve(sentinel ? "sentinel.conf" : "redis.conf");
            }

            @Override
            public Path aclFile(HostAndPort node) {
                return workDir(node, false).resolve("users.acl");
            }

            @Override
            public Path workDir(HostAndPort node, boolean sentinel) {
                return root.resolve(sentinel ? "sentinels" : "nodes").resolve(String.valueOf(node.port()));
            }

            @Override
            public Path aclFileInConfig(HostAndPort node) {
                return aclFile(node);
            }

            @Override
            public TlsFiles tlsInConfig() {
                return TlsFiles.in(root.resolve("tls"));
            }

            @Override
            public String bind(HostAndPort node) {
                return "127.0.0.1 -::1";
            }
        };
    }

    /**
     * For real hosts: files are written to {@code out/HOST-PORT/}, and the configs name
     * {@code /etc/redis/...} and {@code /var/lib/redis/PORT} as a package-installed Redis expects.
     */
    static Layout hosts(Path out) {
        Path root = out.toAbsolutePath().normalize();
        return new Layout() {
            @Override
            public Path configFile(HostAndPort node, boolean sentinel) {
                return dirOf(node).resolve(sentinel ? "sentinel.conf" : "redis.conf");
            }

            @Override
            public Path aclFile(HostAndPort node) {
                return dirOf(node).resolve("users.acl");
            }

            private Path dirOf(HostAndPort node) {
                return root.resolve(node.host().replace(':', '_') + "-" + node.port());
            }

            @Override
            public Path workDir(HostAndPort node, boolean sentinel) {
                return Path.of(sentinel ? "/var/lib/redis-sentinel" : "/var/lib/redis", String.valueOf(node.port()));
            }

            @Override
            public Path aclFileInConfig(HostAndPort node) {
                return Path.of("/etc/redis", "users-" + node.port() + ".acl");
            }

            @Override
            public TlsFiles tlsInConfig() {
                return TlsFiles.in(Path.of("/etc/redis/tls"));
            }

            @Override
            public String bind(HostAndPort node) {
                boolean literal = node.host().matches("[0-9.]+") || node.host().contains(":");
                return literal ? node.host() + " 127.0.0.1" : "* -::*";
            }
        };
    }
}
