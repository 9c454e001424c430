package io.steward.provision.tls;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where the PEM files of one set of TLS material live: the certificate authority's certificate
 * and key, the server's certificate and key, and a client's certificate and key.
 *
 * <p>Certificates are PEM {@code CERTIFICATE} blocks; keys are unencrypted PKCS#8 PEM
 * {@code PRIVATE KEY} blocks. Instances are immutable and only name files; they do not read them.
 *
 * @param ca the certificate authority's certificate, which peers trust
 * @param caKey the certificate authority's private key, needed only to issue more certificates
 * @param serverCert the certificate Redis presents as a server and, on its own outgoing links, as a client
 * @param serverKey the private key of {@code serverCert}
 * @param clientCert the certificate applications present to Redis
 * @param clientKey the private key of {@code clientCert}
 */
public record TlsFiles(Path ca, Path caKey, Path serverCert, Path serverKey, Path clientCert, Path clientKey) {

    /**
     * @throws NullPointerException if any path is null
     */
    public TlsFiles {
        Objects.requireNonNull(ca, "ca");
        Objects.requireNonNull(caKey, "caKey");
        Objects.requireNonNull(serverCert, "serverCert");
        Objects.requireNonNull(serverKey, "serverKey");
        Objects.requireNonNull(clientCert, "clientCert");
        Objects.requireNonNull(clientKey, "clientKey");
    }

    /**
     * The standard layout: {@code ca.crt}, {@code ca.key}, {@code server.crt}, {@code server.key},
     * {@code client.crt} and {@code client.key} directly inside {@code dir}.
     *
     * @param dir the directory holding the files; it need not exist
     * @return the six paths inside {@code dir}
     * @throws NullPointerException if {@code dir} is null
     */
    public static TlsFiles in(Path dir) {
        Objects.requireNonNull(dir, "dir");
        return new TlsFiles(
                dir.resolve("ca.crt"),
                dir.resolve("ca.key"),
                dir.resolve("server.crt"),
                dir.resolve("server.key"),
                dir.resolve("client.crt"),
                dir.resolve("client.key"));
    }

    /**
     * Whether all six files are present as regular files. Says nothing about their content.
     *
     * @return {@code true} when every path names an existing regular file
     */
    public boolean exist() {
        return all().stream().allMatch(Files::isRegularFile);
    }

    /** The six paths, certificate before key, CA first. */
    List<Path> all() {
        return List.of(ca, caKey, serverCert, serverKey, clientCert, clientKey);
    }

    /** The paths that exist in any form, including dangling symbolic links. */
    List<Path> existing() {
        return all().stream()
                .filter(path -> Files.exists(path, LinkOption.NOFOLLOW_LINKS))
                .toList();
    }
}
