package io.steward.backup.rdb;

import static io.steward.backup.rdb.RdbBytes.ascii;
import static io.steward.backup.rdb.RdbBytes.hex;
import static io.steward.backup.rdb.RdbBytes.lpInt;
import static io.steward.backup.rdb.RdbBytes.lpString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.steward.BackupCorruptedException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Listpack, ziplist, intset and zipmap decoding on hand-built bytes. */
class CompactEncodingsTest {

    @Test
    void listpackDecodesEveryEncoding() {
        String s100 = "m".repeat(100);
        String s5000 = "L".repeat(5000);
        byte[] lp = RdbBytes.listpack(
                lpInt(7),
                lpString("a"),
                lpInt(-100),
                lpInt(4000),
                lpString(s100),
                lpInt(-30000),
                lpInt(8_000_000),
                lpInt(-2_000_000_000),
                lpInt(Long.MIN_VALUE),
                lpString(s5000),
                lpString(""));

        assertThat(texts(ValueDecoder.listpackElements(lp, new ArrayList<>())))
                .containsExactly(
                        "7",
                        "a",
                        "-100",
                        "4000",
                        s100,
                        "-30000",
                        "8000000",
                        "-2000000000",
                        Long.toString(Long.MIN_VALUE),
                        s5000,
                        "");
    }

    @Test
    void listpackFromRedisDumpOfSmallHash() {
        // DUMP of HSET h a 1 b xyz on Redis 7.0.15: type 16, string of 20 bytes
        byte[] lp = hex("14000000 0400 816102 0101 816202 8378797a04 ff");

        assertThat(texts(ValueDecoder.listpackElements(lp, new ArrayList<>()))).containsExactly("a", "1", "b", "xyz");
    }

    @Test
    void listpackWithWrongTotalLengthIsAStructureError() {
        byte[] lp = hex("15000000 0100 0101 ff");

        assertThatThrownBy(() -> ValueDecoder.listpackElements(lp, new ArrayList<>()))
                .isInstanceOf(BackupCorruptedException.class)
                .hasMessageContaining("listpack");
    }

    @Test
    void listpackElementRunningPastTheTerminatorIsAStructureError() {
        byte[] lp = hex("0b000000 0100 85616263 ff"); // claims 5 bytes, 3 present

        assertThatThrownBy(() -> ValueDecoder.listpackElements(lp, new ArrayList<>()))
                .isInstanceOf(BackupCorruptedException.class)
                .extracting(e -> ((BackupCorruptedException) e).check())
                .isEqualTo("rdb-structure");
    }

    @Test
    void ziplistDecodesEveryEncoding() {
        String s300 = "q".repeat(300);
        byte[] zl = RdbBytes.ziplist(
                concat(new byte[] {3}, ascii("abc")),
                concat(new byte[] {(byte) (0x40 | (300 >>> 8)), (byte) (300 & 0xff)}, ascii(s300)),
                concat(new byte[] {(byte) 0x80, 0, 0, 0, 2}, ascii("hi")),
                hex("c0 1027"), // int16 10000
                hex("d0 00943577"), // int32 2000000000
                hex("e0 ffffffffffffffff"), // int64 -1
                hex("f0 feffff"), // int24 -2
                hex("fe 85"), // int8 -123
                hex("f1"), // immediate 0
                hex("fd")); // immediate 12

        assertThat(texts(ValueDecoder.ziplistElements(zl, new ArrayList<>())))
                .containsExactly("abc", s300, "hi", "10000", "2000000000", "-1", "-2", "-123", "0", "12");
    }

    @Test
    void intsetDecodesEachWidthWithSign() {
        assertThat(texts(Intset.members(hex("02000000 03000000 fbff 0100 e803"))))
                .containsExactly("-5", "1", "1000");
        assertThat(texts(Intset.members(hex("04000000 01000000 00943577")))).containsExactly("2000000000");
        assertThat(texts(Intset.members(hex("08000000 02000000 0000000001000000 ffffffffffffff7f"))))
                .containsExactly("4294967296", Long.toString(Long.MAX_VALUE));
    }

    @Test
    void intsetWhoseCountDoesNotFitIsAStructureError() {
        assertThatThrownBy(() -> Intset.members(hex("02000000 05000000 0100")))
                .isInstanceOf(BackupCorruptedException.class)
                .hasMessageContaining("intset");
    }

    @Test
    void zipmapDecodesFieldsAndSkipsFreeBytes() {
        // count 2; "f" -> "vv" (1 free byte), "long" -> 300-byte value via the 254 + 4-byte length form
        String big = "v".repeat(300);
        byte[] zm = concat(
                hex("02 01 66 02 01 7676 00"), hex("04"), ascii("long"), hex("fe 2c010000 00"), ascii(big), hex("ff"));
        List<byte[]> out = new ArrayList<>();

        Zipmap.fieldsAndValues(zm, out);

        assertThat(texts(out)).containsExactly("f", "vv", "long", big);
    }

    private static List<String> texts(List<byte[]> elements) {
        return elements.stream()
                .map(b -> new String(b, StandardCharsets.US_ASCII))
                .toList();
    }

    private static byte[] concat(byte[]... parts) {
        RdbBytes b = new RdbBytes();
        for (byte[] p : parts) {
            b.raw(p);
        }
        return b.bytes();
    }
}
