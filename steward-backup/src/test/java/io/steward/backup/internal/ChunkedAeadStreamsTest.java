package io.steward.backup.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.steward.BackupCorruptedException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChunkedAeadStreamsTest {

    private static final int CHUNK = ChunkedAeadOutputStream.DEFAULT_CHUNK_SIZE;
    private static final int SMALL_CHUNK = 1024;

    private final BackupKey key = BackupKey.of(bytes(BackupKey.LENGTH, 1));

    @ParameterizedTest
    @ValueSource(ints = {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 10_000_000})
    void roundTripsRandomDataOfBoundarySizesWithTheDefaultChunk(int size) throws IOException {
        byte[] plain = bytes(size, size);

        byte[] sealed = seal(plain, CHUNK);

        assertThat(open(sealed, key)).isEqualTo(plain);
        int chunks = Math.max(1, (size + CHUNK - 1) / CHUNK);
        assertThat(sealed.length).isEqualTo(headerLength() + size + chunks * (4 + 16));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, SMALL_CHUNK - 1, SMALL_CHUNK, SMALL_CHUNK + 1, 3 * SMALL_CHUNK, 100_000})
    void roundTripsWhateverThePiecesAreWrittenAndReadIn(int size) throws IOException {
        byte[] plain = bytes(size, 7);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        Random pieces = new Random(size);
        try (ChunkedAeadOutputStream out = new ChunkedAeadOutputStream(file, key, SMALL_CHUNK, seeded())) {
            for (int off = 0; off < size; ) {
                int n = Math.min(size - off, pieces.nextInt(3 * SMALL_CHUNK));
                if (n == 1) {
                    out.write(plain[off]);
                } else {
                    out.write(plain, off, n);
                }
                off += n;
            }
        }
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        try (InputStream in = new ChunkedAeadInputStream(new ByteArrayInputStream(file.toByteArray()), key)) {
            byte[] buffer = new byte[777];
            for (int n; (n = in.read(buffer, 0, 1 + pieces.nextInt(buffer.length))) >= 0; ) {
                read.write(buffer, 0, n);
            }
            assertThat(in.read()).isEqualTo(-1);
        }
        assertThat(read.toByteArray()).isEqualTo(plain);
    }

    @Test
    void failsHeaderCheckWhenTheMagicIsChanged() throws IOException {
        byte[] sealed = seal(bytes(5000, 2), SMALL_CHUNK);
        sealed[3] ^= 1;

        assertCorrupted(sealed, "header").hasMessageContaining("not a Steward backup");
    }

    @Test
    void failsHeaderCheckWhenTheVersionIsUnknown() throws IOException {
        byte[] sealed = seal(bytes(5000, 2), SMALL_CHUNK);
        sealed[8] = 2;

        assertCorrupted(sealed, "header").hasMessageContaining("format version 2");
    }

    @Test
    void failsFirstChunkWhenTheNoncePrefixOrChunkSizeInTheHeaderIsChanged() throws IOException {
        byte[] sealed = seal(bytes(5000, 2), SMALL_CHUNK);
        int noncePrefix = headerLength() - 12;
        int chunkSize = headerLength() - 1;

        assertCorrupted(flip(sealed, noncePrefix), "chunk-authentication").hasMessageContaining("chunk 0");
        assertCorrupted(flip(sealed, chunkSize), "chunk-authentication");
    }

    @Test
    void failsChunkAuthenticationWhenACiphertextByteIsFlipped() throws IOException {
        byte[] sealed = seal(bytes(5000, 2), SMALL_CHUNK);
        int thirdChunkBody = headerLength() + 2 * (4 + SMALL_CHUNK + 16) + 4 + 100;

        assertCorrupted(flip(sealed, thirdChunkBody), "chunk-authentication").hasMessageContaining("chunk 2");
    }

    @Test
    void failsChunkAuthenticationWhenATagByteIsFlipped() throws IOException {
        byte[] sealed = seal(bytes(5000, 2), SMALL_CHUNK);

        assertCorrupted(flip(sealed, sealed.length - 1), "chunk-authentication").hasMessageContaining("chunk 4");
    }

    @Test
    void failsWhenAChunkLengthIsChanged() throws IOException {
        byte[] sealed = seal(bytes(5000, 2), SMALL_CHUNK);

        assertCorrupted(flip(sealed, headerLength()), "chunk-authentication").hasMessageContaining("claims");
    }

    @Test
    void releasesNoPlaintextOfAChunkWhoseTagFails() throws IOException {
        byte[] sealed = seal(bytes(5000, 2), SMALL_CHUNK);
        int firstTag = headerLength() + 4 + SMALL_CHUNK + 15;
        InputStream in = new ChunkedAeadInputStream(new ByteArrayInputStream(flip(sealed, firstTag)), key);
        byte[] buffer = new byte[10_000];

        assertThatThrownBy(() -> in.read(buffer)).isInstanceOf(BackupCorruptedException.class);
        assertThat(buffer).containsOnly(0);
        assertThatThrownBy(in::read).isInstanceOf(BackupCorruptedException.class);
        assertThat(in.available()).isZero();
    }

    @Test
    void failsTruncatedWhenCutAtAChunkBoundary() throws IOException {
        byte[] sealed = seal(bytes(5000, 2), SMALL_CHUNK);
        int afterTwoChunks = headerLength() + 2 * (4 + SMALL_CHUNK + 16);

        assertCorrupted(Arrays.copyOf(sealed, afterTwoChunks), "truncated")
                .hasMessageContaining("ends after chunk 1, which is not the last");
    }

    @Test
    void failsTruncatedWhenCutInsideAChunkItsLengthTheHeaderOrRightAfterIt() throws IOException {
        byte[] sealed = seal(bytes(5000, 2), SMALL_CHUNK);
        int header = headerLength();

        assertCorrupted(Arrays.copyOf(sealed, header + 4 + 500), "truncated").hasMessageContaining("inside chunk 0");
        assertCorrupted(Arrays.copyOf(sealed, header + 4 + SMALL_CHUNK + 16 + 2), "truncated")
                .hasMessageContaining("length of chunk 1");
        assertCorrupted(Arrays.copyOf(sealed, header), "truncated").hasMessageContaining("after the header");
        assertCorrupted(Arrays.copyOf(sealed, header - 3), "truncated").hasMessageContaining("inside the header");
        assertCorrupted(new byte[0], "truncated").hasMessageContaining("before the header");
    }

    @Test
    void failsChunkAuthenticationWhenChunksAreSwapped() throws IOException {
        byte[] sealed = seal(bytes(5000, 2), SMALL_CHUNK);
        int frame = 4 + SMALL_CHUNK + 16;
        int first = headerLength();
        byte[] swapped = sealed.clone();
        System.arraycopy(sealed, first, swapped, first + frame, frame);
        System.arraycopy(sealed, first + frame, swapped, first, frame);

        assertCorrupted(swapped, "chunk-authentication").hasMessageContaining("chunk 0");
    }

    @Test
    void failsWhenDataFollowsTheFinalChunk() throws IOException {
        byte[] sealed = seal(bytes(5000, 2), SMALL_CHUNK);
        byte[] longer = Arrays.copyOf(sealed, sealed.length + 4 + 16);
        ByteBuffer.wrap(longer, sealed.length, 4).putInt(16);

        assertCorrupted(longer, "chunk-authentication");
    }

    @Test
    void namesBothKeyIdsWhenReadWithAnotherKey() throws IOException {
        byte[] sealed = seal(bytes(5000, 2), SMALL_CHUNK);
        BackupKey other = BackupKey.of(bytes(BackupKey.LENGTH, 99));

        assertThatThrownBy(() -> open(sealed, other))
                .isInstanceOf(BackupKeyMismatchException.class)
                .hasMessageContaining("backup was encrypted with key " + key.id() + ", the key file has " + other.id());
    }

    @Test
    void failsChunkAuthenticationWhenTheKeyIdIsForgedToMatchAnotherKey() throws IOException {
        // Same id length, so only the key differs: the forged header must not pass.
        BackupKey other = BackupKey.of(bytes(BackupKey.LENGTH, 99));
        byte[] sealed = seal(bytes(5000, 2), SMALL_CHUNK);
        byte[] otherId = other.id().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(otherId, 0, sealed, 10, otherId.length);

        assertCorrupted(sealed, other, "chunk-authentication");
    }

    @Test
    void writesNoFinalChunkAfterAFailedWrite() throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        OutputStreamFailingOnce flaky = new OutputStreamFailingOnce(file, 3);
        ChunkedAeadOutputStream out = new ChunkedAeadOutputStream(flaky, key, SMALL_CHUNK, seeded());
        assertThatThrownBy(() -> out.write(bytes(3000, 3))).isInstanceOf(IOException.class);
        out.close();

        assertCorrupted(file.toByteArray(), "truncated");
    }

    @Test
    void writesNoFinalChunkWhenAbandoned() throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        ChunkedAeadOutputStream out = new ChunkedAeadOutputStream(file, key, SMALL_CHUNK, seeded());
        out.write(bytes(3000, 3));
        out.abandon();
        out.close();

        assertCorrupted(file.toByteArray(), "truncated");
    }

    /** Throws on its {@code failingCall}-th write and accepts every other. */
    private static final class OutputStreamFailingOnce extends java.io.FilterOutputStream {
        private int calls;
        private final int failingCall;

        OutputStreamFailingOnce(java.io.OutputStream out, int failingCall) {
            super(out);
            this.failingCall = failingCall;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (++calls == failingCall) {
                throw new IOException("disk full");
            }
            out.write(b, off, len);
        }
    }

    private byte[] seal(byte[] plain, int chunkSize) throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        try (ChunkedAeadOutputStream out = new ChunkedAeadOutputStream(file, key, chunkSize, seeded())) {
            out.write(plain);
        }
        return file.toByteArray();
    }

    private static byte[] open(byte[] sealed, BackupKey key) throws IOException {
        try (InputStream in = new ChunkedAeadInputStream(new ByteArrayInputStream(sealed), key)) {
            return in.readAllBytes();
        }
    }

    private org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertCorrupted(
            byte[] sealed, String check) {
        return assertCorrupted(sealed, key, check);
    }

    private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertCorrupted(
            byte[] sealed, BackupKey key, String check) {
        return assertThatThrownBy(() -> open(sealed, key))
                .isInstanceOfSatisfying(BackupCorruptedException.class, e -> assertThat(e.check())
                        .isEqualTo(check));
    }

    private int headerLength() {
        return 8 + 1 + 1 + key.id().length() + 8 + 4;
    }

    private static byte[] flip(byte[] data, int index) {
        byte[] copy = data.clone();
        copy[index] ^= 0x40;
        return copy;
    }

    static byte[] bytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static SecureRandom seeded() {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(42);
            return random;
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
