package io.steward.backup.rdb;

import static io.steward.backup.rdb.RdbBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.steward.BackupCorruptedException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DumpPayloadTest {

    /** {@code SET k hello; DUMP k} on Redis 7.0.15. */
    private static final byte[] REDIS_DUMP_OF_HELLO = hex("00 0568656c6c6f 0a00 6372df766534200a");

    /** {@code HSET h a 1 b xyz; DUMP h} on Redis 7.0.15 (a hash listpack). */
    private static final byte[] REDIS_DUMP_OF_SMALL_HASH =
            hex("10 14 14000000040081610201018162028378797a04ff 0a00 2e2c226e653d1fc4");

    @Test
    void buildsTheSameBytesAsRedisDump() {
        assertThat(DumpPayload.of(hex("00 0568656c6c6f"), 10)).isEqualTo(REDIS_DUMP_OF_HELLO);
        assertThat(DumpPayload.of(hex("10 14 14000000040081610201018162028378797a04ff"), 10))
                .isEqualTo(REDIS_DUMP_OF_SMALL_HASH);
    }

    @Test
    void functionPayloadIsWhatRedisFunctionDumpReturns() {
        String library = "#!lua name=l\nredis.register_function('f', function() return 1 end)";
        byte[] code = library.getBytes(StandardCharsets.US_ASCII);
        // FUNCTION LOAD of that library, then FUNCTION DUMP, on Redis 7.0.15
        byte[] redisDump = concat(hex("f5 4042"), code, hex("0a00 629568e65f412be2"));

        assertThat(DumpPayload.ofFunctions(java.util.List.of(code), 10)).isEqualTo(redisDump);
    }

    @Test
    void functionPayloadOfSeveralLibrariesReadsBackAsTheirSources() {
        byte[] small = "#!lua name=a\nreturn".getBytes(StandardCharsets.US_ASCII);
        byte[] large = ("#!lua name=b\n" + "-- padding\n".repeat(2000)).getBytes(StandardCharsets.US_ASCII);

        byte[] records = DumpPayload.encodedValueOf(DumpPayload.ofFunctions(java.util.List.of(small, large), 10));
        RdbReaderTest.Recorder recorder = new RdbReaderTest.Recorder();
        RdbReader.read(
                new java.io.ByteArrayInputStream(
                        RdbBytes.header(10).raw(records).withEof()),
                recorder,
                false);

        assertThat(recorder.functions)
                .containsExactly(
                        new String(small, StandardCharsets.US_ASCII), new String(large, StandardCharsets.US_ASCII));
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    @Test
    void unwrapsARedisDumpToItsEncodedValue() {
        byte[] encoded = DumpPayload.encodedValueOf(REDIS_DUMP_OF_HELLO);

        assertThat(encoded).isEqualTo(hex("00 0568656c6c6f"));
        assertThat(DumpPayload.rdbVersionOf(REDIS_DUMP_OF_HELLO)).isEqualTo(10);
        assertThat(RdbValue.decode(encoded)).isInstanceOfSatisfying(RdbValue.StringValue.class, s -> assertThat(
                        new String(s.bytes(), StandardCharsets.US_ASCII))
                .isEqualTo("hello"));
        assertThat(RdbValue.decode(DumpPayload.encodedValueOf(REDIS_DUMP_OF_SMALL_HASH)))
                .isInstanceOfSatisfying(
                        RdbValue.HashValue.class, h -> assertThat(h.fields()).hasSize(2));
    }

    @Test
    void refusesAFlippedByte() {
        for (int i = 0; i < REDIS_DUMP_OF_HELLO.length; i++) {
            byte[] copy = REDIS_DUMP_OF_HELLO.clone();
            copy[i] ^= 0x04;
            assertThatThrownBy(() -> DumpPayload.encodedValueOf(copy))
                    .as("flip at %d", i)
                    .isInstanceOf(BackupCorruptedException.class)
                    .extracting(e -> ((BackupCorruptedException) e).check())
                    .isEqualTo("dump-payload");
        }
    }

    @Test
    void refusesAPayloadTooShortOrFromANewerFormat() {
        assertThatThrownBy(() -> DumpPayload.encodedValueOf(new byte[10]))
                .isInstanceOf(BackupCorruptedException.class)
                .hasMessageContaining("too short");
        assertThatThrownBy(() -> DumpPayload.encodedValueOf(DumpPayload.of(hex("00 00"), 99)))
                .isInstanceOf(BackupCorruptedException.class)
                .hasMessageContaining("RDB version 99");
    }

    @Test
    void decodingAValueWithTrailingBytesIsAStructureError() {
        assertThatThrownBy(() -> RdbValue.decode(hex("00 0568656c6c6f 00")))
                .isInstanceOf(BackupCorruptedException.class)
                .extracting(e -> ((BackupCorruptedException) e).check())
                .isEqualTo("rdb-structure");
    }

    @Test
    void decodingACutValueIsReportedAsTruncated() {
        assertThatThrownBy(() -> RdbValue.decode(hex("00 0568656c")))
                .isInstanceOf(BackupCorruptedException.class)
                .extracting(e -> ((BackupCorruptedException) e).check())
                .isEqualTo("rdb-truncated");
    }
}
