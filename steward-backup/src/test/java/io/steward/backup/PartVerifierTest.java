package io.steward.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.steward.backup.internal.BackupKey;
import io.steward.backup.internal.BackupPipeline;
import io.steward.backup.rdb.RdbReader;
import io.steward.backup.rdb.RdbSummary;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartVerifierTest {

    private static final int CHUNK = 1024;
    /** Magic, version, key id length, a 16-digit key id, nonce prefix, chunk size. */
    private static final int HEADER = 8 + 1 + 1 + 16 + 8 + 4;

    @TempDir
    Path tmp;

    private final BackupKey key = BackupKey.generate(new SecureRandom());
    private Path file;
    private BackupPart part;

    @BeforeEach
    void writePart() throws IOException {
        byte[] rdb;
        try (InputStream in = PartVerifierTest.class.getResourceAsStream("/rdb/all-types-7.0.rdb")) {
            rdb = in.readAllBytes();
        }
        RdbSummary summary = RdbReader.read(new ByteArrayInputStream(rdb), (entry, value) -> {}, false);
        file = tmp.resolve("shard-0-6379.rdb.zst.enc");
        BackupPipeline.Totals totals;
        try (OutputStream out = Files.newOutputStream(file);
                BackupPipeline.Sink sink = BackupPipeline.open(out, key, 3, CHUNK, new SecureRandom())) {
            sink.write(rdb);
            totals = sink.finish();
        }
        part = new BackupPart(
                file.getFileName().toString(),
                BackupPart.Kind.RDB,
                null,
                "replica",
                totals.rawBytes(),
                totals.storedBytes(),
                totals.rawSha256(),
                totals.storedSha256(),
                summary.keysPerDb());
        assertThat(chunkData(3)).as("the part has several chunks").isLessThan(Files.size(file));
    }

    private List<VerifyReport.Check> verify() {
        List<VerifyReport.Check> checks = new ArrayList<>();
        PartVerifier.verify(file, part, key, checks, bytes -> {});
        return checks;
    }

    @Test
    void anIntactPartPassesEveryCheck() {
        assertThat(verify()).allMatch(VerifyReport.Check::passed).isNotEmpty();
    }

    @Test
    void damageInTheFirstChunkIsReportedAsThatChunksAuthentication() throws IOException {
        flipByte(chunkData(0) + 10);

        VerifyReport.Check failed = onlyFailure(verify());

        assertThat(failed.name()).isEqualTo("chunk-authentication");
        assertThat(failed.detail()).contains("chunk 0 failed authentication");
    }

    @Test
    void damageInALaterChunkIsReportedAsThatChunksAuthentication() throws IOException {
        flipByte(chunkData(2) + 10);

        VerifyReport.Check failed = onlyFailure(verify());

        assertThat(failed.name()).isEqualTo("chunk-authentication");
        assertThat(failed.detail()).contains("chunk 2 failed authentication");
    }

    @Test
    void aChangedKeyIdInTheHeaderIsReportedAsADamagedHeaderNotAsAnotherKey() throws IOException {
        flipByte(8 + 1 + 1 + 3);

        VerifyReport.Check failed = onlyFailure(verify());

        assertThat(failed.name()).isEqualTo("header");
        assertThat(failed.detail()).contains("the header was changed", key.id());
    }

    private static VerifyReport.Check onlyFailure(List<VerifyReport.Check> checks) {
        assertThat(checks).as(checks.toString()).hasSize(1);
        assertThat(checks.get(0).passed()).isFalse();
        return checks.get(0);
    }

    /** The offset of chunk {@code index}'s sealed bytes, after its 4-byte length. */
    private long chunkData(int index) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long at = HEADER;
            byte[] length = new byte[4];
            for (int i = 0; i < index; i++) {
                raf.seek(at);
                raf.readFully(length);
                at += 4 + ByteBuffer.wrap(length).getInt();
            }
            return at + 4;
        }
    }

    private void flipByte(long position) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(position);
            int b = raf.read();
            raf.seek(position);
            raf.write(b ^ 0x40);
        }
    }
}
