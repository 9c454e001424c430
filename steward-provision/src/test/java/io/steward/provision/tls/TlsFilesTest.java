package io.steward.provision.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsFilesTest {

    @TempDir
    Path dir;

    @Test
    void shouldUseStandardFileNamesWhenLaidOutInDirectory() {
        TlsFiles files = TlsFiles.in(dir);

        assertThat(files.ca()).isEqualTo(dir.resolve("ca.crt"));
        assertThat(files.caKey()).isEqualTo(dir.resolve("ca.key"));
        assertThat(files.serverCert()).isEqualTo(dir.resolve("server.crt"));
        assertThat(files.serverKey()).isEqualTo(dir.resolve("server.key"));
        assertThat(files.clientCert()).isEqualTo(dir.resolve("client.crt"));
        assertThat(files.clientKey()).isEqualTo(dir.resolve("client.key"));
    }

    @Test
    void shouldExistOnlyWhenAllSixFilesArePresent() throws IOException {
        TlsFiles files = TlsFiles.in(dir);
        assertThat(files.exist()).isFalse();

        for (Path file : files.all().subList(0, 5)) {
            Files.writeString(file, "x");
        }
        assertThat(files.exist()).isFalse();

        Files.writeString(files.clientKey(), "x");
        assertThat(files.exist()).isTrue();
    }

    @Test
    void shouldNotCountDirectoryAsFileWhenCheckingExistence() throws IOException {
        TlsFiles files = TlsFiles.in(dir);
        for (Path file : files.all()) {
            Files.createDirectory(file);
        }

        assertThat(files.exist()).isFalse();
    }

    @Test
    void shouldRejectNullPathWhenConstructed() {
        Path p = dir.resolve("x");
        assertThatNullPointerException()
                .isThrownBy(() -> new TlsFiles(p, p, p, null, p, p))
                .withMessage("serverKey");
        assertThatNullPointerException().isThrownBy(() -> TlsFiles.in(null));
    }
}
