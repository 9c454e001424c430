package io.steward.provision.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.steward.StewardException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemFileWriterTest {

    @TempDir
    Path tmp;

    @Test
    void shouldFailWithoutTouchingFileWhenItAppearedMeanwhile() throws Exception {
        Path key = tmp.resolve("server.key");
        Files.writeString(key, "someone else's");
        PemFileWriter writer = new PemFileWriter(tmp);

        assertThatThrownBy(() -> writer.writePrivateKey(key, keyPair().getPrivate()))
                .isInstanceOf(StewardException.class)
                .hasMessageStartingWith(key + " appeared while TLS material was being generated");
        assertThat(Files.readString(key)).isEqualTo("someone else's");
    }

    @Test
    void shouldDeleteOnlyWhatItCreatedWhenUndoing() throws Exception {
        Path dir = tmp.resolve("tls");
        Path foreign = tmp.resolve("foreign.key");
        Files.writeString(foreign, "keep");
        PemFileWriter writer = new PemFileWriter(dir);
        writer.createDirectory(dir);
        writer.writePrivateKey(dir.resolve("ca.key"), keyPair().getPrivate());
        StewardException failure = assertThrowsOnExisting(writer, foreign);

        writer.deleteCreated(failure);

        assertThat(dir).doesNotExist();
        assertThat(foreign).hasContent("keep");
        assertThat(failure.getSuppressed()).isEmpty();
    }

    private static StewardException assertThrowsOnExisting(PemFileWriter writer, Path existing)
            throws GeneralSecurityException {
        KeyPair keys = keyPair();
        try {
            writer.writePrivateKey(existing, keys.getPrivate());
        } catch (StewardException e) {
            return e;
        }
        throw new AssertionError("writing over " + existing + " succeeded");
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }
}
