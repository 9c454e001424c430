package io.steward.backup.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.steward.BackupCorruptedException;
import io.steward.HostAndPort;
import io.steward.StewardException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RdbPayloadTest {

    private static final String MARK = "0123456789abcdef0123456789abcdef01234567";
    private final RdbPayload payload = new RdbPayload(HostAndPort.of("127.0.0.1", 6379));

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 39, 40, 41, 1000, 70_000})
    void findsTheEndMarkWhereverReadsSplitItAndAsksForNothingAfterIt(int piece) throws IOException {
        byte[] rdb = ChunkedAeadStreamsTest.bytes(150_000, piece);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();

        RdbPayload.Copied copied = payload.copy("$EOF:" + MARK, new Pieces(concat(rdb, mark()), piece), sink);

        assertThat(copied).isEqualTo(new RdbPayload.Copied(rdb.length, true));
        assertThat(sink.toByteArray()).isEqualTo(rdb);
    }

    @Test
    void copiesAnEmptyPayloadEndedByTheMark() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();

        RdbPayload.Copied copied = payload.copy("$EOF:" + MARK, new Pieces(mark(), 13), sink);

        assertThat(copied.bytes()).isZero();
        assertThat(sink.size()).isZero();
    }

    @Test
    void keepsAPartialMarkThatTurnsOutToBeData() throws IOException {
        byte[] rdb = concat(Arrays.copyOf(mark(), 39), "tail".getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream sink = new ByteArrayOutputStream();

        payload.copy("$EOF:" + MARK, new Pieces(concat(rdb, mark()), 39), sink);

        assertThat(sink.toByteArray()).isEqualTo(rdb);
    }

    @Test
    void copiesExactlyTheAnnouncedLengthAndNoMore() throws IOException {
        byte[] rdb = ChunkedAeadStreamsTest.bytes(200_000, 1);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();

        RdbPayload.Copied copied = payload.copy("$" + rdb.length, new Pieces(rdb, 65_000), sink);

        assertThat(copied).isEqualTo(new RdbPayload.Copied(rdb.length, false));
        assertThat(sink.toByteArray()).isEqualTo(rdb);
    }

    @Test
    void failsTransferTruncatedWhenTheStreamEndsEarly() {
        byte[] rdb = ChunkedAeadStreamsTest.bytes(1000, 1);

        assertThatThrownBy(() -> payload.copy("$2000", InputStream.nullInputStream(), new ByteArrayOutputStream()))
                .isInstanceOfSatisfying(BackupCorruptedException.class, e -> assertThat(e.check())
                        .isEqualTo("transfer-truncated"))
                .hasMessageContaining("0 bytes of 2000");
        assertThatThrownBy(() -> payload.copy(
                        "$EOF:" + MARK, new java.io.ByteArrayInputStream(rdb), new ByteArrayOutputStream()))
                .isInstanceOfSatisfying(BackupCorruptedException.class, e -> assertThat(e.check())
                        .isEqualTo("transfer-truncated"))
                .hasMessageContaining("before the end mark");
    }

    @Test
    void rejectsHeadersThatAnnounceNoPayload() {
        assertThatThrownBy(() -> payload.copy("+OK", InputStream.nullInputStream(), new ByteArrayOutputStream()))
                .isInstanceOf(StewardException.class)
                .hasMessageContaining("expected the RDB payload");
        assertThatThrownBy(() -> payload.copy("$EOF:short", InputStream.nullInputStream(), new ByteArrayOutputStream()))
                .hasMessageContaining("end mark");
    }

    private static byte[] mark() {
        return MARK.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /**
     * Delivers data in pieces of a fixed size, like a socket; a read after the last byte fails the
     * test, because on a real connection it would block until the server sends the replication
     * stream.
     */
    private static final class Pieces extends InputStream {
        private final byte[] data;
        private final int piece;
        private int pos;

        Pieces(byte[] data, int piece) {
            this.data = data;
            this.piece = piece;
        }

        @Override
        public int read() {
            throw new AssertionError("single-byte reads are not expected");
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos == data.length) {
                throw new AssertionError("read past the end of the payload");
            }
            int n = Math.min(Math.min(len, piece), data.length - pos);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
