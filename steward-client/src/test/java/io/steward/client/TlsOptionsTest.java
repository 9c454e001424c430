package io.steward.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.steward.ConfigException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TlsOptionsTest {

    @Test
    void shouldPresentNoClientCertificateWhenOnlyCaIsGiven() {
        TlsOptions tls = TlsOptions.of(Path.of("ca.crt"));

        assertThat(tls.hasClientCertificate()).isFalse();
        assertThat(tls.certFile()).isNull();
    }

    @Test
    void shouldPresentClientCertificateWhenCertAndKeyAreGiven() {
        TlsOptions tls = TlsOptions.of(Path.of("ca.crt"), Path.of("client.crt"), Path.of("client.key"));

        assertThat(tls.hasClientCertificate()).isTrue();
    }

    @Test
    void shouldRejectWhenCaFileIsMissing() {
        assertThatThrownBy(() -> TlsOptions.of(null))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).field()).isEqualTo("tls.caFile"));
    }

    @Test
    void shouldRejectWhenCertificateHasNoKey() {
        assertThatThrownBy(() -> TlsOptions.of(Path.of("ca.crt"), Path.of("client.crt"), null))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).field()).isEqualTo("tls.keyFile"));
    }

    @Test
    void shouldRejectWhenKeyHasNoCertificate() {
        assertThatThrownBy(() -> TlsOptions.of(Path.of("ca.crt"), null, Path.of("client.key")))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).field()).isEqualTo("tls.certFile"));
    }
}
