package io.steward.backup.rdb;

import static io.steward.backup.rdb.RdbBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.steward.BackupCorruptedException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LzfTest {

    @Test
    void expandsLiteralRunsAndOverlappingBackReferences() {
        // literal "abc", then copy 9 bytes from 3 back (long form: 7 + extension 0, + 2)
        byte[] compressed = hex("02 616263 e0 00 02");
        byte[] out = new byte[12];

        Lzf.decompress(compressed, 0, compressed.length, out, 0);

        assertThat(new String(out, StandardCharsets.US_ASCII)).isEqualTo("abcabcabcabc");
    }

    @Test
    void expandsShortBackReference() {
        // literal "ab", then copy 3 bytes from 2 back: ctrl = (3-2)<<5 | 0, offset byte 1
        byte[] compressed = hex("01 6162 20 01");
        byte[] out = new byte[5];

        Lzf.decompress(compressed, 0, compressed.length, out, 0);

        assertThat(new String(out, StandardCharsets.US_ASCII)).isEqualTo("ababa");
    }

    @Test
    void refusesBackReferenceBeforeTheStart() {
        byte[] compressed = hex("00 61 20 05");

        assertThatThrownBy(() -> Lzf.decompress(compressed, 0, compressed.length, new byte[4], 42))
                .isInstanceOf(BackupCorruptedException.class)
                .hasMessageContaining("offset 42")
                .extracting(e -> ((BackupCorruptedException) e).check())
                .isEqualTo("rdb-structure");
    }

    @Test
    void refusesOutputOfTheWrongLength() {
        byte[] compressed = hex("02 616263");

        assertThatThrownBy(() -> Lzf.decompress(compressed, 0, compressed.length, new byte[4], 0))
                .isInstanceOf(BackupCorruptedException.class)
                .hasMessageContaining("3 bytes instead of 4");
    }
}
