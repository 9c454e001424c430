package io.steward.backup.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.steward.StewardException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupKeyTest {

    @TempDir
    Path dir;

    @Test
    void createsAnOwnerOnlyFileOfOneBase64LineFromTheInjectedRandom() throws IOException {
        Path file = dir.resolve("secrets/backup.key");

        BackupKey key = BackupKey.createIfMissing(file, ChunkedAeadStreamsTest.seeded());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        String content = Files.readString(file, StandardCharsets.US_ASCII);
        assertThat(content).endsWith("\n").hasLineCount(1);
        byte[] material = Base64.getDecoder().decode(content.strip());
        assertThat(material).hasSize(BackupKey.LENGTH);
        assertThat(key).hasToString("BackupKey[id=" + key.id() + ", file=" + file + "]");
        assertThat(BackupKey.of(material).id()).isEqualTo(key.id());
        assertThat(BackupKey.createIfMissing(dir.resolve("again.key"), ChunkedAeadStreamsTest.seeded())
                        .id())
                .as("same seed, same key")
                .isEqualTo(key.id());
        try (var leftovers = Files.list(file.getParent())) {
            assertThat(leftovers).containsExactly(file);
        }
    }

    @Test
    void loadsTheExistingKeyInsteadOfReplacingIt() {
        Path file = dir.resolve("backup.key");
        BackupKey first = BackupKey.createIfMissing(file);

        BackupKey second = BackupKey.createIfMissing(file);

        assertThat(second.id()).isEqualTo(first.id());
        assertThat(BackupKey.load(file).id()).isEqualTo(first.id());
    }

    @Test
    void idIsTheFirst16HexDigitsOfTheSha256OfTheKey() {
        BackupKey zeros = BackupKey.of(new byte[BackupKey.LENGTH]);

        // sha256sum of 32 zero bytes: 66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925
        assertThat(zeros.id()).isEqualTo("66687aadf862bd77");
        assertThat(BackupKey.of(new byte[BackupKey.LENGTH]).id()).isEqualTo(zeros.id());
    }

    @Test
    void refusesAKeyFileReadableByGroupOrOthers() throws IOException {
        Path file = dir.resolve("backup.key");
        BackupKey.createIfMissing(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

        assertThatThrownBy(() -> BackupKey.load(file))
                .isInstanceOf(StewardException.class)
                .hasMessageContaining("chmod 600 " + file);

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-----w-"));
        assertThatThrownBy(() -> BackupKey.createIfMissing(file)).hasMessageContaining("chmod 600 " + file);
    }

    @Test
    void refusesAFileThatIsNotOneLineOf32Base64Bytes() throws IOException {
        Path shortKey = ownerOnly("short.key", Base64.getEncoder().encodeToString(new byte[16]) + "\n");
        Path garbage = ownerOnly("garbage.key", "not base64 at all!\n");

        assertThatThrownBy(() -> BackupKey.load(shortKey)).hasMessageContaining("not a backup key");
        assertThatThrownBy(() -> BackupKey.load(garbage))
                .hasMessageContaining("not a backup key")
                .hasNoCause();
        assertThatThrownBy(() -> BackupKey.load(dir.resolve("missing.key"))).hasMessageContaining("not found");
    }

    @Test
    void neverShowsKeyMaterial() {
        byte[] material = ChunkedAeadStreamsTest.bytes(BackupKey.LENGTH, 5);
        BackupKey key = BackupKey.of(material);

        assertThat(key.toString())
                .doesNotContain(Base64.getEncoder().encodeToString(material))
                .doesNotContain(HexFormat.of().formatHex(material).substring(0, 8))
                .isEqualTo("BackupKey[id=" + key.id() + "]");
    }

    @Test
    void derivesAManifestMacThatDependsOnKeyAndMessage() {
        BackupKey key = BackupKey.of(new byte[BackupKey.LENGTH]);
        BackupKey other = BackupKey.of(ChunkedAeadStreamsTest.bytes(BackupKey.LENGTH, 5));
        byte[] message = "manifest".getBytes(StandardCharsets.UTF_8);

        assertThat(key.manifestMac(message)).hasSize(32).isEqualTo(key.manifestMac(message));
        assertThat(key.manifestMac(message)).isNotEqualTo(other.manifestMac(message));
        assertThat(key.manifestMac(message))
                .isNotEqualTo(key.manifestMac("manifest!".getBytes(StandardCharsets.UTF_8)));
    }

    private Path ownerOnly(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }
}
