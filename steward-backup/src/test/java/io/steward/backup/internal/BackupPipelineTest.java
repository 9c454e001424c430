package io.steward.backup.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import io.steward.BackupCorruptedException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BackupPipelineTest {

    private final BackupKey key = BackupKey.of(ChunkedAeadStreamsTest.bytes(BackupKey.LENGTH, 11));

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4095, 4096, 4097, 3_000_000})
    void roundTripsAndReportsTheSameTotalsOnBothSides(int size) throws IOException {
        byte[] raw = rdbLike(size);
        ByteArrayOutputStream file = new ByteArrayOutputStream();

        BackupPipeline.Totals written;
        try (BackupPipeline.Sink sink = BackupPipeline.open(
                file, key, BackupPipeline.DEFAULT_ZSTD_LEVEL, 4096, ChunkedAeadStreamsTest.seeded())) {
            sink.write(raw);
            written = sink.finish();
        }

        assertThat(written.rawBytes()).isEqualTo(size);
        assertThat(written.rawSha256()).isEqualTo(sha256(raw));
        assertThat(written.storedBytes()).isEqualTo(file.size());
        assertThat(written.storedSha256()).isEqualTo(sha256(file.toByteArray()));
        try (BackupPipeline.Source source =
                BackupPipeline.openForRead(new ByteArrayInputStream(file.toByteArray()), key)) {
            assertThat(source.readAllBytes()).isEqualTo(raw);
            assertThat(source.isComplete()).isTrue();
            assertThat(source.totals()).isEqualTo(written);
        }
    }

    @Test
    void compressesRdbLikeData() throws IOException {
        byte[] raw = rdbLike(3_000_000);

        byte[] stored = store(raw);

        assertThat(stored.length).isLessThan(raw.length * 3 / 4);
    }

    @Test
    void knowsTheRawDigestOnlyAtTheEnd() throws IOException {
        byte[] stored = store(rdbLike(100_000));
        try (BackupPipeline.Source source = BackupPipeline.openForRead(new ByteArrayInputStream(stored), key)) {
            source.readNBytes(10);

            assertThatThrownBy(source::rawSha256).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void closingWithoutFinishLeavesAFileThatNeverVerifies() throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        try (BackupPipeline.Sink sink = BackupPipeline.open(file, key, 3)) {
            sink.write(rdbLike(3_000_000));
        }

        assertThatThrownBy(() -> readAll(file.toByteArray()))
                .isInstanceOfSatisfying(BackupCorruptedException.class, e -> assertThat(e.check())
                        .isEqualTo("truncated"));
    }

    @Test
    void failsZstdFrameWhenTheAuthenticPlaintextIsNotZstd() throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        try (ChunkedAeadOutputStream out = new ChunkedAeadOutputStream(file, key)) {
            out.write("REDIS0010 but not compressed".getBytes(StandardCharsets.US_ASCII));
        }

        assertThatThrownBy(() -> readAll(file.toByteArray()))
                .isInstanceOfSatisfying(BackupCorruptedException.class, e -> assertThat(e.check())
                        .isEqualTo("zstd-frame"));
    }

    @Test
    void failsZstdFrameWhenDataFollowsTheFrame() throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        try (ChunkedAeadOutputStream out = new ChunkedAeadOutputStream(file, key)) {
            out.write(Zstd.compress("REDIS0010".getBytes(StandardCharsets.US_ASCII)));
            out.write("trailing".getBytes(StandardCharsets.US_ASCII));
        }

        assertThatThrownBy(() -> readAll(file.toByteArray()))
                .isInstanceOfSatisfying(BackupCorruptedException.class, e -> assertThat(e.check())
                        .isEqualTo("zstd-frame"));
    }

    @Test
    void failsZstdFrameWhenTheFrameIsCutShort() throws IOException {
        byte[] frame = Zstd.compress(rdbLike(100_000));
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        try (ChunkedAeadOutputStream out = new ChunkedAeadOutputStream(file, key)) {
            out.write(frame, 0, frame.length - 10);
        }

        assertThatThrownBy(() -> readAll(file.toByteArray()))
                .isInstanceOfSatisfying(BackupCorruptedException.class, e -> assertThat(e.check())
                        .isEqualTo("zstd-frame"));
    }

    @Test
    void passesChunkChecksThroughTheDecompressor() throws IOException {
        byte[] stored = store(ChunkedAeadStreamsTest.bytes(3_000_000, 3));
        stored[stored.length / 2] ^= 1;

        assertThatThrownBy(() -> readAll(stored))
                .isInstanceOfSatisfying(BackupCorruptedException.class, e -> assertThat(e.check())
                        .isEqualTo("chunk-authentication"));
    }

    @Test
    void rejectsAnUnknownZstdLevel() {
        assertThatThrownBy(() -> BackupPipeline.open(new ByteArrayOutputStream(), key, 99))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("zstdLevel");
    }

    private byte[] store(byte[] raw) throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        try (BackupPipeline.Sink sink = BackupPipeline.open(file, key, BackupPipeline.DEFAULT_ZSTD_LEVEL)) {
            sink.write(raw);
            sink.finish();
        }
        return file.toByteArray();
    }

    private byte[] readAll(byte[] stored) throws IOException {
        try (InputStream in = BackupPipeline.openForRead(new ByteArrayInputStream(stored), key)) {
            return in.readAllBytes();
        }
    }

    /** Keys and values like an RDB's: prefixes, counters, some random payloads. */
    static byte[] rdbLike(int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(size + 256);
        Random random = new Random(size);
        byte[] blob = new byte[64];
        for (long i = 0; out.size() < size; i++) {
            out.writeBytes(("\u0000\u000fuser:session:" + i + "\u0012{\"id\":" + i + ",\"tier\":" + (i % 7) + "}")
                    .getBytes(StandardCharsets.ISO_8859_1));
            if (i % 4 == 0) {
                random.nextBytes(blob);
                out.writeBytes(blob);
            }
        }
        byte[] all = out.toByteArray();
        return java.util.Arrays.copyOf(all, size);
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
