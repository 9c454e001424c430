package io.steward.backup.rdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Crc64Test {

    @Test
    void matchesRedisTestVector() {
        byte[] digits = "123456789".getBytes(StandardCharsets.US_ASCII);

        assertThat(Crc64.of(digits, 0, digits.length)).isEqualTo(0xe9c6d914c4b8d9caL);
    }

    @Test
    void isZeroForNoBytes() {
        assertThat(new Crc64().value()).isZero();
    }

    @Test
    void sliceBySliceEqualsBitByBitForEveryLengthAndSplit() {
        byte[] data = new byte[300];
        new SplittableRandom(7).nextBytes(data);
        for (int length = 0; length <= data.length; length += 13) {
            long expected = bitwise(data, length);
            assertThat(Crc64.of(data, 0, length)).as("length %d", length).isEqualTo(expected);
            Crc64 split = new Crc64();
            split.update(data, 0, length / 3);
            split.update(data, length / 3, length - length / 3);
            assertThat(split.value()).as("split at %d", length / 3).isEqualTo(expected);
        }
    }

    /** The textbook reflected CRC, one bit at a time. */
    private static long bitwise(byte[] data, int length) {
        long poly = Long.reverse(0xad93d23594c935a9L);
        long crc = 0;
        for (int i = 0; i < length; i++) {
            crc ^= data[i] & 0xff;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ poly : crc >>> 1;
            }
        }
        return crc;
    }
}
