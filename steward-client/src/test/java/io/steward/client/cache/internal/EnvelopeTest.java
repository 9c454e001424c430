package io.steward.client.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnvelopeTest {

    private static final byte[] TEXT = "a value".getBytes(StandardCharsets.UTF_8);

    @Test
    void shouldRoundTripPayloadExpiryAndTags() {
        List<Envelope.TagStamp> tags = List.of(new Envelope.TagStamp("catalog", 3), new Envelope.TagStamp("user:7", 0));

        Envelope.Contents back = Envelope.decode(Envelope.encode(TEXT, 1_700_000_000_000L, tags, 1024));

        assertThat(back.payload()).isEqualTo(TEXT);
        assertThat(back.expiresAtMillis()).isEqualTo(1_700_000_000_000L);
        assertThat(back.tags()).isEqualTo(tags);
    }

    @Test
    void shouldCompressAboveThresholdAndReadBothForms() {
        byte[] large = "x".repeat(10_000).getBytes(StandardCharsets.UTF_8);

        byte[] compressed = Envelope.encode(large, 5, List.of(), 1024);
        byte[] plain = Envelope.encode(large, 5, List.of(), Integer.MAX_VALUE);

        assertThat(compressed.length).isLessThan(large.length / 10);
        assertThat(compressed[2] & Envelope.COMPRESSED).isEqualTo(Envelope.COMPRESSED);
        assertThat(plain[2] & Envelope.COMPRESSED).isZero();
        assertThat(Envelope.decode(compressed).payload()).isEqualTo(large);
        assertThat(Envelope.decode(plain).payload()).isEqualTo(large);
    }

    @Test
    void shouldStoreAnIncompressiblePayloadAboveThresholdUncompressed() {
        byte[] random = new byte[1051]; // a 1 KiB byte[] after Java serialization's header
        new java.util.Random(7).nextBytes(random);

        byte[] stored = Envelope.encode(random, 5, List.of(), 1024);

        assertThat(stored[2] & Envelope.COMPRESSED).isZero();
        assertThat(Envelope.decode(stored).payload()).isEqualTo(random);
    }

    @Test
    void shouldReadVersionOneValues() {
        // version 1: 'S', 1, flags, payload (no expiry, no tags)
        byte[] v1 = new byte[3 + TEXT.length];
        v1[0] = 'S';
        v1[1] = 1;
        System.arraycopy(TEXT, 0, v1, 3, TEXT.length);

        Envelope.Contents back = Envelope.decode(v1);

        assertThat(back.payload()).isEqualTo(TEXT);
        assertThat(back.expiresAtMillis()).isZero();
        assertThat(back.tags()).isEmpty();
    }

    @Test
    void shouldRejectForeignTruncatedAndUnknownVersions() {
        byte[] good = Envelope.encode(TEXT, 9, List.of(new Envelope.TagStamp("t", 1)), 1024);
        byte[] unknown = good.clone();
        unknown[1] = 9;
        byte[] badCompression = Envelope.encode("y".repeat(5000).getBytes(StandardCharsets.UTF_8), 9, List.of(), 0);
        Arrays.fill(badCompression, 20, badCompression.length, (byte) 7);

        assertThatThrownBy(() -> Envelope.decode(TEXT)).isInstanceOf(Envelope.CorruptValueException.class);
        assertThatThrownBy(() -> Envelope.decode(Arrays.copyOf(good, 14)))
                .isInstanceOf(Envelope.CorruptValueException.class);
        assertThatThrownBy(() -> Envelope.decode(unknown))
                .isInstanceOf(Envelope.CorruptValueException.class)
                .hasMessageContaining("version 9");
        assertThatThrownBy(() -> Envelope.decode(badCompression)).isInstanceOf(Envelope.CorruptValueException.class);
    }
}
