package io.steward.backup.rdb;

import io.steward.BackupCorruptedException;
import io.steward.backup.rdb.RdbValue.HashField;
import io.steward.backup.rdb.RdbValue.ScoredMember;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Decodes an encoded value (object type byte + value bytes) into its canonical {@link RdbValue}. */
final class ValueDecoder {

    /** Counts come from the file; never trust one for a pre-sized allocation. */
    private static final int MAX_PRESIZE = 1024;

    private static final Comparator<byte[]> UNSIGNED = Arrays::compareUnsigned;

    private ValueDecoder() {}

    static RdbValue decode(byte[] bytes, int offset, int length) {
        RdbInput in = RdbInput.ofBytes(bytes, offset, length);
        int type = in.readUnsignedByte();
        RdbValue value = decode(in, type, bytes, offset, length);
        if (in.hasRemaining()) {
            throw in.structure("value of type " + type + " ends before its bytes do", 0);
        }
        return value;
    }

    private static RdbValue decode(RdbInput in, int type, byte[] bytes, int offset, int length) {
        switch (type) {
            case RdbFormat.TYPE_STRING:
                return new RdbValue.StringValue(in.readString());
            case RdbFormat.TYPE_LIST:
                return new RdbValue.ListValue(readStrings(in, in.readLength()));
            case RdbFormat.TYPE_LIST_ZIPLIST:
                return new RdbValue.ListValue(ziplistElements(in.readString(), new ArrayList<>()));
            case RdbFormat.TYPE_LIST_QUICKLIST:
                return new RdbValue.ListValue(quicklist(in));
            case RdbFormat.TYPE_LIST_QUICKLIST_2:
                return new RdbValue.ListValue(quicklist2(in));
            case RdbFormat.TYPE_SET:
                return set(readStrings(in, in.readLength()));
            case RdbFormat.TYPE_SET_INTSET:
                return set(new ArrayList<>(Intset.members(in.readString())));
            case RdbFormat.TYPE_SET_LISTPACK:
                return set(listpackElements(in.readString(), new ArrayList<>()));
            case RdbFormat.TYPE_ZSET:
            case RdbFormat.TYPE_ZSET_2:
                return sortedSet(in, type == RdbFormat.TYPE_ZSET_2);
            case RdbFormat.TYPE_ZSET_ZIPLIST:
                return compactSortedSet(ziplistElements(in.readString(), new ArrayList<>()));
            case RdbFormat.TYPE_ZSET_LISTPACK:
                return compactSortedSet(listpackElements(in.readString(), new ArrayList<>()));
            case RdbFormat.TYPE_HASH:
                return hash(readStrings(in, multiplyCount(in.readLength(), 2)));
            case RdbFormat.TYPE_HASH_ZIPMAP:
                List<byte[]> zipmap = new ArrayList<>();
                Zipmap.fieldsAndValues(in.readString(), zipmap);
                return hash(zipmap);
            case RdbFormat.TYPE_HASH_ZIPLIST:
                return hash(ziplistElements(in.readString(), new ArrayList<>()));
            case RdbFormat.TYPE_HASH_LISTPACK:
                return hash(listpackElements(in.readString(), new ArrayList<>()));
            case RdbFormat.TYPE_STREAM_LISTPACKS:
            case RdbFormat.TYPE_STREAM_LISTPACKS_2:
            case RdbFormat.TYPE_STREAM_LISTPACKS_3:
                return StreamDecoder.decode(in, type);
            case RdbFormat.TYPE_MODULE_2:
                long moduleId = in.readLength();
                ValueSkipper.skipModuleValue(in);
                return new RdbValue.ModuleValue(moduleId, Arrays.copyOfRange(bytes, offset, offset + length));
            default:
                throw ValueSkipper.unknownType(in, type);
        }
    }

    private static List<byte[]> readStrings(RdbInput in, long n) {
        List<byte[]> out = new ArrayList<>((int) Math.min(n, MAX_PRESIZE));
        for (long i = 0; i < n; i++) {
            out.add(in.readString());
        }
        return out;
    }

    private static long multiplyCount(long n, int factor) {
        if (n < 0 || n > Long.MAX_VALUE / factor) {
            throw new BackupCorruptedException("rdb-structure", "count " + Long.toUnsignedString(n) + " out of range");
        }
        return n * factor;
    }

    private static List<byte[]> quicklist(RdbInput in) {
        long nodes = in.readLength();
        List<byte[]> out = new ArrayList<>();
        for (long i = 0; i < nodes; i++) {
            ziplistElements(in.readString(), out);
        }
        return out;
    }

    private static List<byte[]> quicklist2(RdbInput in) {
        long nodes = in.readLength();
        List<byte[]> out = new ArrayList<>();
        for (long i = 0; i < nodes; i++) {
            long container = in.readLength();
            ValueSkipper.checkContainer(in, container);
            byte[] node = in.readString();
            if (container == RdbFormat.QUICKLIST_NODE_PLAIN) {
                out.add(node);
            } else {
                listpackElements(node, out);
            }
        }
        return out;
    }

    static List<byte[]> listpackElements(byte[] lp, List<byte[]> out) {
        ListpackCursor cursor = new ListpackCursor(lp);
        while (cursor.hasNext()) {
            out.add(cursor.nextBytes());
        }
        return out;
    }

    static List<byte[]> ziplistElements(byte[] zl, List<byte[]> out) {
        ZiplistCursor cursor = new ZiplistCursor(zl);
        while (cursor.hasNext()) {
            out.add(cursor.nextBytes());
        }
        return out;
    }

    private static RdbValue.SetValue set(List<byte[]> members) {
        members.sort(UNSIGNED);
        return new RdbValue.SetValue(members);
    }

    private static RdbValue.SortedSetValue sortedSet(RdbInput in, boolean binaryScores) {
        long n = in.readLength();
        List<ScoredMember> members = new ArrayList<>((int) Math.min(n, MAX_PRESIZE));
        for (long i = 0; i < n; i++) {
            byte[] member = in.readString();
            double score = binaryScores ? in.readDoubleLittleEndian() : textScore(in);
            members.add(new ScoredMember(member, score));
        }
        return sortedSet(members);
    }

    /** A score in the pre-ZSET_2 format: a length byte (253 NaN, 254 +inf, 255 -inf) and text. */
    private static double textScore(RdbInput in) {
        int len = in.readUnsignedByte();
        switch (len) {
            case 253:
                return Double.NaN;
            case 254:
                return Double.POSITIVE_INFINITY;
            case 255:
                return Double.NEGATIVE_INFINITY;
            default:
                byte[] text = in.readBytes(len);
                return Numbers.parseScore(text, 0, len);
        }
    }

    private static RdbValue.SortedSetValue compactSortedSet(List<byte[]> memberScorePairs) {
        if (memberScorePairs.size() % 2 != 0) {
            throw new BackupCorruptedException("rdb-structure", "sorted set with an odd number of elements");
        }
        List<ScoredMember> members = new ArrayList<>(memberScorePairs.size() / 2);
        for (int i = 0; i < memberScorePairs.size(); i += 2) {
            byte[] score = memberScorePairs.get(i + 1);
            members.add(new ScoredMember(memberScorePairs.get(i), Numbers.parseScore(score, 0, score.length)));
        }
        return sortedSet(members);
    }

    private static RdbValue.SortedSetValue sortedSet(List<ScoredMember> members) {
        members.sort((a, b) -> Arrays.compareUnsigned(a.member(), b.member()));
        return new RdbValue.SortedSetValue(members);
    }

    private static RdbValue.HashValue hash(List<byte[]> fieldsAndValues) {
        if (fieldsAndValues.size() % 2 != 0) {
            throw new BackupCorruptedException("rdb-structure", "hash with an odd number of elements");
        }
        List<HashField> fields = new ArrayList<>(fieldsAndValues.size() / 2);
        for (int i = 0; i < fieldsAndValues.size(); i += 2) {
            fields.add(new HashField(fieldsAndValues.get(i), fieldsAndValues.get(i + 1)));
        }
        fields.sort((a, b) -> Arrays.compareUnsigned(a.field(), b.field()));
        return new RdbValue.HashValue(fields);
    }
}
