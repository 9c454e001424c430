package io.steward.backup.rdb;

import static io.steward.backup.rdb.RdbBytes.ascii;
import static io.steward.backup.rdb.RdbBytes.lpInt;
import static io.steward.backup.rdb.RdbBytes.lpString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.steward.BackupCorruptedException;
import io.steward.backup.rdb.RdbValue.HashField;
import io.steward.backup.rdb.RdbValue.ScoredMember;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * The reader on a real Redis 7.0.15 RDB (src/test/resources/rdb, written by SAVE after filling a server
 * with every type and encoding) and on hand-built files for what Redis 7.0 does not write by default.
 */
class RdbReaderTest {

    private static final byte[] ALL_TYPES = resource("all-types-7.0.rdb");

    @Test
    void readsEveryKeyOfARedis70File() {
        Recorder recorder = new Recorder();

        RdbSummary summary = RdbReader.read(new ByteArrayInputStream(ALL_TYPES), recorder, true);

        assertThat(summary.rdbVersion()).isEqualTo(10);
        assertThat(summary.aux()).containsEntry("redis-ver", "7.0.15").containsEntry("redis-bits", "64");
        assertThat(summary.keysPerDb()).containsExactly(Map.entry(0, 22L), Map.entry(1, 2L), Map.entry(5, 2L));
        assertThat(summary.keysWithExpiry()).isEqualTo(3);
        assertThat(summary.checksumPresent()).isTrue();
        assertThat(summary.bytesRead()).isEqualTo(ALL_TYPES.length);
        assertThat(recorder.databases).containsExactly(0, 1, 5);
        assertThat(recorder.functions).singleElement().asString().startsWith("#!lua name=mylib");
        assertThat(recorder.encodings)
                .contains(
                        RdbFormat.TYPE_STRING,
                        RdbFormat.TYPE_LIST_QUICKLIST_2,
                        RdbFormat.TYPE_SET,
                        RdbFormat.TYPE_SET_INTSET,
                        RdbFormat.TYPE_ZSET_LISTPACK,
                        RdbFormat.TYPE_ZSET_2,
                        RdbFormat.TYPE_HASH_LISTPACK,
                        RdbFormat.TYPE_HASH,
                        RdbFormat.TYPE_STREAM_LISTPACKS_2);
        RdbEntry ttl = recorder.entries.get("0/s:ttl");
        assertThat(ttl.type()).isEqualTo(RdbType.STRING);
        assertThat(ttl.expireAtMillis()).isGreaterThan(1_700_000_000_000L);
        assertThat(recorder.entries.get("0/s:int").expires()).isFalse();
    }

    @Test
    void capturedValueIsTheTypeByteAndValueBytesTheSourceHandsOut() {
        List<byte[][]> pairs = new ArrayList<>();

        RdbReader.read(
                new ByteArrayInputStream(ALL_TYPES),
                (entry, value) -> pairs.add(new byte[][] {entry.encodedValue(), value.encodedValue()}),
                true);

        assertThat(pairs).hasSize(26).allSatisfy(p -> {
            assertThat(p[0]).isEqualTo(p[1]);
            assertThat(RdbType.ofEncoding(p[0][0] & 0xff)).isNotNull();
        });
    }

    @Test
    void leavesEncodedValueOutWhenNotCapturing() {
        List<RdbEntry> entries = new ArrayList<>();

        RdbReader.read(new ByteArrayInputStream(ALL_TYPES), (entry, value) -> entries.add(entry), false);

        assertThat(entries).hasSize(26).allSatisfy(e -> assertThat(e.encodedValue())
                .isNull());
    }

    @Test
    void decodesEachTypeToItsCanonicalForm() {
        Map<String, RdbValue> values = decodedValues(ALL_TYPES);

        assertThat(text(((RdbValue.StringValue) values.get("0/s:int")).bytes())).isEqualTo("12345");
        assertThat(text(((RdbValue.StringValue) values.get("0/s:i64")).bytes())).isEqualTo("9223372036854775807");
        assertThat(text(((RdbValue.StringValue) values.get("0/s:lzf")).bytes())).isEqualTo("abcdefgh".repeat(500));
        assertThat(((RdbValue.StringValue) values.get("0/s:empty")).bytes()).isEmpty();
        assertThat(texts(((RdbValue.ListValue) values.get("0/l:small")).elements()))
                .containsExactly("a", "b", "1", "-2", "300000", "x".repeat(70));
        List<String> big = texts(((RdbValue.ListValue) values.get("0/l:big")).elements());
        assertThat(big).hasSize(600).startsWith("element-1", "1").endsWith("element-300", "300");
        assertThat(texts(((RdbValue.SetValue) values.get("0/set:int")).members()))
                .containsExactly("-5", "1", "100000", "2", "3", "4294967296");
        assertThat(((RdbValue.SetValue) values.get("0/set:big")).members()).hasSize(200);
        assertThat(((RdbValue.SortedSetValue) values.get("0/z:small")).members())
                .extracting(m -> text(m.member()), ScoredMember::score)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("a", 1.5),
                        org.assertj.core.groups.Tuple.tuple("b", -0.25),
                        org.assertj.core.groups.Tuple.tuple("c", 3.0),
                        org.assertj.core.groups.Tuple.tuple("d", Double.POSITIVE_INFINITY),
                        org.assertj.core.groups.Tuple.tuple("e", Double.NEGATIVE_INFINITY),
                        org.assertj.core.groups.Tuple.tuple("f", 1e100));
        assertThat(((RdbValue.SortedSetValue) values.get("0/z:big")).members())
                .hasSize(200)
                .anySatisfy(m -> {
                    assertThat(text(m.member())).isEqualTo("m-7");
                    assertThat(m.score()).isEqualTo(7.25);
                });
        assertThat(((RdbValue.HashValue) values.get("0/h:small")).fields())
                .extracting(f -> text(f.field()), f -> text(f.value()))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("f1", "v1"),
                        org.assertj.core.groups.Tuple.tuple("f2", "2"),
                        org.assertj.core.groups.Tuple.tuple("f3", "-3"),
                        org.assertj.core.groups.Tuple.tuple("f4", "y".repeat(40)));
        assertThat(((RdbValue.HashValue) values.get("0/h:big")).fields()).hasSize(600);
        assertThat(((RdbValue.HashValue) values.get("0/h:big")).fields())
                .extracting(HashField::field)
                .isSortedAccordingTo(Arrays::compareUnsigned);
    }

    @Test
    void decodesStreamEntriesGroupsAndPendingEntries() {
        RdbValue.StreamValue stream =
                (RdbValue.StreamValue) decodedValues(ALL_TYPES).get("0/st:main");

        assertThat(stream.length()).isEqualTo(149);
        assertThat(stream.entries()).hasSize(149);
        assertThat(stream.entries().get(0).id()).hasToString("1-1");
        assertThat(texts(stream.entries().get(0).fieldsAndValues())).containsExactly("temp", "1", "unit", "c");
        assertThat(stream.entries())
                .noneMatch(e ->
                        e.id().toString().equals("5-1") || e.id().toString().equals("200-1"));
        assertThat(texts(stream.entries().get(148).fieldsAndValues()))
                .containsExactly("temp", "9", "unit", "c", "extra", "yes");
        assertThat(stream.lastId()).hasToString("201-1");
        assertThat(stream.groups()).extracting(g -> text(g.name())).containsExactly("g1", "g2");
        RdbValue.ConsumerGroup g1 = stream.groups().get(0);
        assertThat(g1.lastDeliveredId()).hasToString("7-1");
        assertThat(g1.pending())
                .extracting(p -> p.id().toString(), p -> text(p.consumer()), RdbValue.PendingEntry::deliveryCount)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("2-1", "alice", 1L),
                        org.assertj.core.groups.Tuple.tuple("3-1", "alice", 1L),
                        org.assertj.core.groups.Tuple.tuple("4-1", "bob", 1L),
                        org.assertj.core.groups.Tuple.tuple("7-1", "bob", 1L));
        assertThat(g1.consumers()).extracting(c -> text(c.name())).containsExactly("alice", "bob");
        RdbValue.ConsumerGroup g2 = stream.groups().get(1);
        assertThat(g2.pending()).isEmpty();
        assertThat(g2.consumers()).extracting(c -> text(c.name())).containsExactly("carol");

        RdbValue.StreamValue empty =
                (RdbValue.StreamValue) decodedValues(ALL_TYPES).get("0/st:empty");
        assertThat(empty.entries()).isEmpty();
        assertThat(empty.groups()).extracting(g -> text(g.name())).containsExactly("g0");
    }

    @Test
    void fileSavedWithoutChecksumReadsWithChecksumAbsent() {
        RdbSummary summary = RdbReader.read(
                new ByteArrayInputStream(resource("all-types-7.0-no-checksum.rdb")),
                (entry, value) -> value.decode(),
                false);

        assertThat(summary.checksumPresent()).isFalse();
        assertThat(summary.keys()).isEqualTo(26);
    }

    @Test
    void flippedByteInAValueFailsTheChecksum() {
        byte[] copy = ALL_TYPES.clone();
        // s:raw holds 400 random base64 characters, stored as they are: flip one in the middle
        int at = indexOf(copy, ascii("s:raw")) + "s:raw".length() + 2 + 200;
        copy[at] ^= 0x20;

        assertCorrupted(() -> RdbReader.read(new ByteArrayInputStream(copy), (entry, value) -> {}, false), "rdb-crc64");
    }

    @Test
    void flippedChecksumByteFailsTheChecksum() {
        byte[] copy = ALL_TYPES.clone();
        copy[copy.length - 3] ^= 0x01;

        assertCorrupted(() -> RdbReader.read(new ByteArrayInputStream(copy), (entry, value) -> {}, false), "rdb-crc64");
    }

    @Test
    void everySingleBitFlipIsReportedAsCorruption() {
        Set<String> checks = new TreeSet<>();
        for (int at = 0; at < ALL_TYPES.length; at += 3) {
            byte[] copy = ALL_TYPES.clone();
            copy[at] ^= (byte) (1 << (at % 8));
            try {
                RdbReader.read(new ByteArrayInputStream(copy), (entry, value) -> {}, false);
                throw new AssertionError("flip at offset " + at + " went unnoticed");
            } catch (BackupCorruptedException e) {
                checks.add(e.check());
            }
        }
        assertThat(checks)
                .contains("rdb-crc64", "rdb-structure")
                .isSubsetOf("rdb-header", "rdb-structure", "rdb-truncated", "rdb-crc64", "rdb-unsupported");
    }

    @Test
    void truncatedFileIsReportedAsTruncated() {
        for (int length : new int[] {20, 100, ALL_TYPES.length / 2, ALL_TYPES.length - 9, ALL_TYPES.length - 1}) {
            byte[] cut = Arrays.copyOf(ALL_TYPES, length);
            assertCorrupted(
                    () -> RdbReader.read(new ByteArrayInputStream(cut), (entry, value) -> {}, false), "rdb-truncated");
        }
    }

    @Test
    void truncatedHeaderAndForeignFilesFailTheHeaderCheck() {
        assertCorrupted(() -> read(ascii("REDIS")), "rdb-header");
        assertCorrupted(() -> read(ascii("PK\u0003\u0004 not an rdb")), "rdb-header");
        assertCorrupted(() -> read(ascii("REDIS0013")), "rdb-header");
        assertCorrupted(() -> read(ascii("REDIS00x0")), "rdb-header");
    }

    @Test
    void unknownOpcodeIsAStructureErrorWithItsOffset() {
        byte[] file = RdbBytes.header(10)
                .u8(RdbFormat.OPCODE_SELECTDB)
                .length(0)
                .u8(8)
                .withEof();

        assertThatThrownBy(() -> read(file))
                .isInstanceOf(BackupCorruptedException.class)
                .hasMessageContaining("unknown object type 8 at offset 11");
    }

    @Test
    void readsOpcodesAndEncodingsRedis70DoesNotWriteByDefault() {
        byte[] ziplistList = RdbBytes.ziplist(RdbBytes.hex("03 616263"), RdbBytes.hex("fe 85"));
        byte[] listpackSet = RdbBytes.listpack(lpString("b"), lpInt(-3), lpString("a"));
        byte[] ziplistZset = RdbBytes.ziplist(RdbBytes.hex("01 6d"), RdbBytes.hex("03 2d2e35"));
        byte[] file = RdbBytes.header(11)
                .u8(RdbFormat.OPCODE_AUX)
                .string("redis-ver")
                .string("7.2.4")
                .u8(RdbFormat.OPCODE_MODULE_AUX)
                .length(0x1234L << 10)
                .length(2)
                .length(2)
                .length(RdbFormat.MODULE_OPCODE_UINT)
                .length(99)
                .length(RdbFormat.MODULE_OPCODE_STRING)
                .string("module state")
                .length(RdbFormat.MODULE_OPCODE_EOF)
                .u8(RdbFormat.OPCODE_FUNCTION2)
                .string("#!lua name=lib\n")
                .u8(RdbFormat.OPCODE_SELECTDB)
                .length(2)
                .u8(RdbFormat.OPCODE_RESIZEDB)
                .length(9)
                .length(1)
                .u8(RdbFormat.OPCODE_SLOT_INFO)
                .length(7)
                .length(9)
                .length(1)
                // a key with an expiry in seconds and LRU idle time
                .u8(RdbFormat.OPCODE_EXPIRETIME)
                .le(2_000_000_000L, 4)
                .u8(RdbFormat.OPCODE_IDLE)
                .length(500)
                .u8(RdbFormat.TYPE_ZSET)
                .string("zset-text-scores")
                .length(3)
                .string("a")
                .u8(3)
                .raw(ascii("1.5"))
                .string("b")
                .u8(254)
                .string("c")
                .u8(255)
                .u8(RdbFormat.OPCODE_FREQ)
                .u8(5)
                .u8(RdbFormat.TYPE_LIST_QUICKLIST_2)
                .string("quicklist-plain-node")
                .length(2)
                .length(RdbFormat.QUICKLIST_NODE_PLAIN)
                .string("a big element")
                .length(RdbFormat.QUICKLIST_NODE_PACKED)
                .string(RdbBytes.listpack(lpString("x"), lpInt(12)))
                .u8(RdbFormat.TYPE_LIST_QUICKLIST)
                .string("quicklist-of-ziplists")
                .length(1)
                .string(ziplistList)
                .u8(RdbFormat.TYPE_LIST_ZIPLIST)
                .string("ziplist-list")
                .string(ziplistList)
                .u8(RdbFormat.TYPE_SET_LISTPACK)
                .string("set-listpack")
                .string(listpackSet)
                .u8(RdbFormat.TYPE_ZSET_ZIPLIST)
                .string("zset-ziplist")
                .string(ziplistZset)
                .u8(RdbFormat.TYPE_HASH_ZIPMAP)
                .string("hash-zipmap")
                .string(RdbBytes.hex("01 01 66 01 00 76 ff"))
                .u8(RdbFormat.TYPE_HASH_ZIPLIST)
                .string("hash-ziplist")
                .string(ziplistList)
                .u8(RdbFormat.TYPE_STRING)
                .string("int-encoded")
                .u8(0xc1)
                .le(-300, 2)
                .u8(RdbFormat.TYPE_MODULE_2)
                .string("module-value")
                .length(0x1234L << 10)
                .length(RdbFormat.MODULE_OPCODE_DOUBLE)
                .le(Double.doubleToLongBits(2.5), 8)
                .length(RdbFormat.MODULE_OPCODE_FLOAT)
                .le(0, 4)
                .length(RdbFormat.MODULE_OPCODE_SINT)
                .length(5)
                .length(RdbFormat.MODULE_OPCODE_EOF)
                .withEof();
        Recorder recorder = new Recorder();

        RdbSummary summary = RdbReader.read(new ByteArrayInputStream(file), recorder, true);

        assertThat(summary.rdbVersion()).isEqualTo(11);
        assertThat(summary.keysPerDb()).containsExactly(Map.entry(2, 10L));
        assertThat(summary.keysWithExpiry()).isEqualTo(1);
        assertThat(recorder.functions).hasSize(1);
        assertThat(recorder.entries.get("2/zset-text-scores").expireAtMillis()).isEqualTo(2_000_000_000_000L);
        Map<String, RdbValue> v = recorder.values;
        assertThat(((RdbValue.SortedSetValue) v.get("2/zset-text-scores")).members())
                .extracting(ScoredMember::score)
                .containsExactly(1.5, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
        assertThat(texts(((RdbValue.ListValue) v.get("2/quicklist-plain-node")).elements()))
                .containsExactly("a big element", "x", "12");
        assertThat(texts(((RdbValue.ListValue) v.get("2/quicklist-of-ziplists")).elements()))
                .containsExactly("abc", "-123");
        assertThat(texts(((RdbValue.ListValue) v.get("2/ziplist-list")).elements()))
                .containsExactly("abc", "-123");
        assertThat(texts(((RdbValue.SetValue) v.get("2/set-listpack")).members()))
                .containsExactly("-3", "a", "b");
        assertThat(((RdbValue.SortedSetValue) v.get("2/zset-ziplist")).members())
                .singleElement()
                .satisfies(m -> assertThat(m.score()).isEqualTo(-0.5));
        assertThat(((RdbValue.HashValue) v.get("2/hash-zipmap")).fields())
                .singleElement()
                .satisfies(f -> assertThat(text(f.value())).isEqualTo("v"));
        assertThat(((RdbValue.HashValue) v.get("2/hash-ziplist")).fields()).hasSize(1);
        assertThat(text(((RdbValue.StringValue) v.get("2/int-encoded")).bytes()))
                .isEqualTo("-300");
        assertThat(v.get("2/module-value")).isInstanceOfSatisfying(RdbValue.ModuleValue.class, m -> {
            assertThat(m.moduleId()).isEqualTo(0x1234L << 10);
            assertThat(m.encodedValue())
                    .isEqualTo(recorder.entries.get("2/module-value").encodedValue());
        });
        assertThat(recorder.entries.get("2/module-value").type()).isEqualTo(RdbType.MODULE);
        assertThat(recorder.entries.get("2/zset-text-scores").idleSeconds()).isEqualTo(500);
        assertThat(recorder.entries.get("2/zset-text-scores").lfuFrequency()).isEqualTo(-1);
        assertThat(recorder.entries.get("2/quicklist-plain-node").lfuFrequency())
                .isEqualTo(5);
        assertThat(recorder.entries.get("2/quicklist-plain-node").idleSeconds()).isEqualTo(-1);
        assertThat(recorder.entries.get("2/quicklist-of-ziplists").lfuFrequency())
                .as("LRU/LFU data belongs to the one key after it")
                .isEqualTo(-1);
        RdbContents contents = summary.contents();
        assertThat(contents.functionLibraries()).isEqualTo(1);
        assertThat(contents.keysWithIdle()).isEqualTo(1);
        assertThat(contents.keysWithFrequency()).isEqualTo(1);
        assertThat(contents.modules())
                .containsExactly(new RdbContents.ModuleData(0x1234L << 10, 1, 2, "module-value", 1));
    }

    @Test
    void functionOfThe70ReleaseCandidatesBecomesTheSourceRedisLoadsItAs() {
        byte[] file = RdbBytes.header(10)
                .u8(RdbFormat.OPCODE_FUNCTION_PRE_GA)
                .string("mylib")
                .string("LUA")
                .length(1)
                .string("a description Redis drops")
                .string("redis.register_function('f', function() return 1 end)")
                .u8(RdbFormat.OPCODE_FUNCTION_PRE_GA)
                .string("other")
                .string("LUA")
                .length(0)
                .string("return 2")
                .withEof();
        Recorder recorder = new Recorder();

        RdbSummary summary = RdbReader.read(new ByteArrayInputStream(file), recorder, false);

        assertThat(recorder.functions)
                .containsExactly(
                        "#!LUA name=mylib\nredis.register_function('f', function() return 1 end)",
                        "#!LUA name=other\nreturn 2");
        assertThat(summary.contents().functionLibraries()).isEqualTo(2);
    }

    @Test
    void aFileOfPlainKeysHoldsNothingElse() {
        RdbSummary summary = RdbReader.read(
                new ByteArrayInputStream(RdbBytes.header(10)
                        .u8(RdbFormat.TYPE_STRING)
                        .string("k")
                        .string("v")
                        .withEof()),
                (entry, value) -> {},
                false);

        assertThat(summary.contents()).isEqualTo(RdbContents.NONE);
        assertThat(summary.contents().hasModuleData()).isFalse();
    }

    @Test
    void refusesModuleDataOfThe40ReleaseCandidateFormatByName() {
        byte[] file = RdbBytes.header(10)
                .u8(RdbFormat.TYPE_MODULE_PRE_GA)
                .string("k")
                .length(1)
                .withEof();

        assertCorrupted(() -> read(file), "rdb-unsupported");
    }

    @Test
    void refusesHashFieldExpiryOf74ByName() {
        byte[] file = RdbBytes.header(12)
                .u8(RdbFormat.TYPE_HASH_LISTPACK_EX)
                .string("k")
                .withEof();

        assertCorrupted(() -> read(file), "rdb-unsupported");
    }

    @Test
    void visitorExceptionEndsTheRead() {
        IllegalStateException stop = new IllegalStateException("stop");

        assertThatThrownBy(() -> RdbReader.read(
                        new ByteArrayInputStream(ALL_TYPES),
                        (entry, value) -> {
                            throw stop;
                        },
                        false))
                .isSameAs(stop);
    }

    @Test
    void readErrorsBecomeStewardExceptions() {
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("disk gone");
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                throw new IOException("disk gone");
            }
        };

        assertThatThrownBy(() -> RdbReader.read(failing, (entry, value) -> {}, false))
                .isInstanceOf(io.steward.StewardException.class)
                .hasMessageContaining("disk gone");
    }

    private static RdbSummary read(byte[] file) {
        return RdbReader.read(new ByteArrayInputStream(file), (entry, value) -> value.decode(), false);
    }

    static Map<String, RdbValue> decodedValues(byte[] file) {
        Recorder recorder = new Recorder();
        RdbReader.read(new ByteArrayInputStream(file), recorder, false);
        return recorder.values;
    }

    private static void assertCorrupted(ThrowingCallable call, String check) {
        assertThatThrownBy(call)
                .isInstanceOf(BackupCorruptedException.class)
                .extracting(e -> ((BackupCorruptedException) e).check())
                .isEqualTo(check);
    }

    static byte[] resource(String name) {
        try (InputStream in = RdbReaderTest.class.getResourceAsStream("/rdb/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource rdb/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("not found");
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static List<String> texts(List<byte[]> elements) {
        return elements.stream().map(RdbReaderTest::text).toList();
    }

    /** Keeps what the reader reports, keyed by "db/key". */
    static final class Recorder implements RdbVisitor {
        final Map<String, RdbEntry> entries = new LinkedHashMap<>();
        final Map<String, RdbValue> values = new LinkedHashMap<>();
        final List<Integer> databases = new ArrayList<>();
        final List<String> functions = new ArrayList<>();
        final Set<Integer> encodings = new TreeSet<>();

        @Override
        public void database(int db, long keysHint, long expiresHint) {
            databases.add(db);
        }

        @Override
        public void function(byte[] libraryCode) {
            functions.add(new String(libraryCode, StandardCharsets.UTF_8));
        }

        @Override
        public void entry(RdbEntry entry, RdbValueSource value) {
            String name = entry.db() + "/" + new String(entry.key(), StandardCharsets.UTF_8);
            entries.put(name, entry);
            values.put(name, value.decode());
            encodings.add(entry.encoding());
        }
    }
}
