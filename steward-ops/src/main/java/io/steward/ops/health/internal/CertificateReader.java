package io.steward.ops.health.internal;

import io.steward.HostAndPort;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509TrustManager;

/** Reads X.509 certificates from PEM files and from what a TLS server presents in its handshake. */
final class CertificateReader {

    private CertificateReader() {}

    /** Every certificate in a PEM or DER file. */
    static List<X509Certificate> fromFile(Path file) throws IOException, CertificateException {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> certs = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certs.add((X509Certificate) c);
            }
            return certs;
        }
    }

    /**
     * The leaf certificate {@code endpoint} presents in a TLS handshake. The chain is captured, not
     * trusted: nothing is sent over the connection, which is closed right after. The handshake may
     * fail afterwards (a server requiring a client certificate) without losing the capture.
     *
     * @throws IOException when the server cannot be reached or presents no certificate
     */
    static X509Certificate presentedBy(HostAndPort endpoint, Duration timeout) throws IOException {
        AtomicReference<X509Certificate[]> captured = new AtomicReference<>();
        SSLContext context;
        try {
            context = SSLContext.getInstance("TLS");
            context.init(null, new X509TrustManager[] {new CapturingTrustManager(captured)}, null);
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS is not available in this JVM: " + e.getMessage(), e);
        }
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), millis);
            plain.setSoTimeout(millis);
            try (SSLSocket tls = (SSLSocket)
                    context.getSocketFactory().createSocket(plain, endpoint.host(), endpoint.port(), true)) {
                tls.startHandshake();
            } catch (SSLException e) {
                if (captured.get() == null) {
                    throw e;
                }
            }
        }
        X509Certificate[] chain = captured.get();
        if (chain == null || chain.length == 0) {
            throw new IOException(endpoint + " presented no certificate");
        }
        return chain[0];
    }

    /** Records the server's chain and accepts it: expiry is read, nothing is trusted or sent. */
    private record CapturingTrustManager(AtomicReference<X509Certificate[]> captured) implements X509TrustManager {

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            captured.set(chain.clone());
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
