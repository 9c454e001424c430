package io.steward.backup.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.steward.backup.rdb.DumpPayload;
import io.steward.backup.rdb.RdbEntry;
import io.steward.backup.rdb.RdbType;
import io.steward.backup.rdb.RdbValue;
import io.steward.backup.rdb.RdbValueSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RestoreEncoderTest {

    private static final int RDB_VERSION = 10;

    @Test
    void writesRestoreAsSixArgumentRespWithTheDumpPayload() throws IOException {
        byte[] value = {0, 1, 'x'};
        String resp =
                encode(16, entry("k:1", -1, -1, -1), value) + encode(16, entry("k", 1_700_000_000_000L, -1, -1), value);

        String payload = text(DumpPayload.of(value, RDB_VERSION));
        assertThat(resp)
                .isEqualTo("*6\r\n$7\r\nRESTORE\r\n$3\r\nk:1\r\n$1\r\n0\r\n$13\r\n" + payload
                        + "\r\n$7\r\nREPLACE\r\n$6\r\nABSTTL\r\n"
                        + "*6\r\n$7\r\nRESTORE\r\n$1\r\nk\r\n$13\r\n1700000000000\r\n$13\r\n" + payload
                        + "\r\n$7\r\nREPLACE\r\n$6\r\nABSTTL\r\n");
    }

    @Test
    void addsIdleTimeOrFrequencyWhenTheBackupHasThem() throws IOException {
        byte[] value = {0, 1, 'x'};
        String payload = text(DumpPayload.of(value, RDB_VERSION));

        assertThat(encode(1 << 16, entry("a", -1, 3600, -1), value))
                .isEqualTo("*8\r\n$7\r\nRESTORE\r\n$1\r\na\r\n$1\r\n0\r\n$13\r\n" + payload
                        + "\r\n$7\r\nREPLACE\r\n$6\r\nABSTTL\r\n$8\r\nIDLETIME\r\n$4\r\n3600\r\n");
        assertThat(encode(1 << 16, entry("a", -1, -1, 0), value))
                .endsWith("$6\r\nABSTTL\r\n$4\r\nFREQ\r\n$1\r\n0\r\n")
                .startsWith("*8\r\n");
        assertThat(encode(1 << 16, entry("a", -1, 10, 255), value))
                .as("Redis refuses IDLETIME with FREQ: the LFU counter wins")
                .endsWith("$4\r\nFREQ\r\n$3\r\n255\r\n");
    }

    @Test
    void valuesLargerThanTheBufferAndEveryDigitCountEncodeAlike() throws IOException {
        byte[] big = new byte[100_000];
        new Random(7).nextBytes(big);
        big[0] = 0;
        for (long ttl : new long[] {9, 10, 99, 100, 999_999_999_999L, Long.MAX_VALUE}) {
            String small = encode(64, entry("key", ttl, -1, -1), big);
            String large = encode(1 << 20, entry("key", ttl, -1, -1), big);
            assertThat(small).isEqualTo(large).contains("\r\n" + ttl + "\r\n");
        }
    }

    @Test
    void selectAndOtherCommandsAreArraysOfBulkStrings() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RestoreEncoder encoder = new RestoreEncoder(out, 8);
        encoder.select(15);
        encoder.command(bytes("FUNCTION"), bytes("RESTORE"), new byte[] {(byte) 0xf5}, bytes("REPLACE"));
        encoder.flush();

        assertThat(out.toString(StandardCharsets.ISO_8859_1))
                .isEqualTo("*2\r\n$6\r\nSELECT\r\n$2\r\n15\r\n"
                        + "*4\r\n$8\r\nFUNCTION\r\n$7\r\nRESTORE\r\n$1\r\n\u00f5\r\n$7\r\nREPLACE\r\n");
    }

    private static String encode(int bufferSize, RdbEntry entry, byte[] encodedValue) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RestoreEncoder encoder = new RestoreEncoder(out, bufferSize);
        encoder.restore(entry, source(encodedValue), RDB_VERSION);
        encoder.flush();
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private static RdbEntry entry(String key, long expireAt, long idle, int frequency) {
        return new RdbEntry(0, bytes(key), RdbType.STRING, 0, expireAt, null, idle, frequency);
    }

    private static RdbValueSource source(byte[] encodedValue) {
        return new RdbValueSource() {
            @Override
            public RdbValue decode() {
                return RdbValue.decode(encodedValue);
            }

            @Override
            public int encodedLength() {
                return encodedValue.length;
            }

            @Override
            public byte[] encodedValue() {
                return Arrays.copyOf(encodedValue, encodedValue.length);
            }
        };
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
