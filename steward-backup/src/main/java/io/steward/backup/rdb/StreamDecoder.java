package io.steward.backup.rdb;

import io.steward.BackupCorruptedException;
import io.steward.backup.rdb.RdbValue.Consumer;
import io.steward.backup.rdb.RdbValue.ConsumerGroup;
import io.steward.backup.rdb.RdbValue.PendingEntry;
import io.steward.backup.rdb.RdbValue.StreamEntry;
import io.steward.backup.rdb.RdbValue.StreamId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decodes a stream ({@code STREAM_LISTPACKS}, {@code _2}, {@code _3}): listpacks of delta-encoded
 * entries keyed by their master ID, the stream metadata, then consumer groups with their pending
 * entries lists and consumers ({@code t_stream.c} describes the listpack layout).
 */
final class StreamDecoder {

    private static final byte[] NO_CONSUMER = new byte[0];

    private StreamDecoder() {}

    static RdbValue.StreamValue decode(RdbInput in, int type) {
        List<StreamEntry> entries = new ArrayList<>();
        long listpacks = in.readLength();
        for (long i = 0; i < listpacks; i++) {
            byte[] nodeKey = in.readString();
            if (nodeKey.length != RdbFormat.STREAM_ID_BYTES) {
                throw in.structure("stream node key of " + nodeKey.length + " bytes", 0);
            }
            readListpack(id(nodeKey), in.readString(), entries);
        }
        long length = in.readLength();
        StreamId lastId = new StreamId(in.readLength(), in.readLength());
        if (type >= RdbFormat.TYPE_STREAM_LISTPACKS_2) {
            in.readLength(); // first ID
            in.readLength();
            in.readLength(); // max deleted entry ID
            in.readLength();
            in.readLength(); // entries added
        }
        long groupCount = in.readLength();
        List<ConsumerGroup> groups = new ArrayList<>();
        for (long g = 0; g < groupCount; g++) {
            groups.add(readGroup(in, type));
        }
        groups.sort((a, b) -> Arrays.compareUnsigned(a.name(), b.name()));
        return new RdbValue.StreamValue(entries, length, lastId, groups);
    }

    private static ConsumerGroup readGroup(RdbInput in, int type) {
        byte[] name = in.readString();
        StreamId lastDelivered = new StreamId(in.readLength(), in.readLength());
        if (type >= RdbFormat.TYPE_STREAM_LISTPACKS_2) {
            in.readLength(); // entries read
        }
        long pelSize = in.readLength();
        TreeMap<StreamId, long[]> pel = new TreeMap<>();
        for (long p = 0; p < pelSize; p++) {
            StreamId id = id(in.readBytes(RdbFormat.STREAM_ID_BYTES));
            long deliveryTime = in.readLongLittleEndian();
            long deliveryCount = in.readLength();
            if (pel.put(id, new long[] {deliveryTime, deliveryCount}) != null) {
                throw in.structure("duplicate pending entry " + id, 0);
            }
        }
        long consumerCount = in.readLength();
        List<Consumer> consumers = new ArrayList<>();
        Map<StreamId, byte[]> owners = new HashMap<>();
        for (long c = 0; c < consumerCount; c++) {
            byte[] consumerName = in.readString();
            long seenTime = in.readLongLittleEndian();
            if (type >= RdbFormat.TYPE_STREAM_LISTPACKS_3) {
                in.readLongLittleEndian(); // active time
            }
            long owned = in.readLength();
            List<StreamId> ids = new ArrayList<>();
            for (long k = 0; k < owned; k++) {
                StreamId id = id(in.readBytes(RdbFormat.STREAM_ID_BYTES));
                if (!pel.containsKey(id)) {
                    throw in.structure("consumer pending entry " + id + " not in the group's pending entries list", 0);
                }
                owners.put(id, consumerName);
                ids.add(id);
            }
            ids.sort(null);
            consumers.add(new Consumer(consumerName, seenTime, ids));
        }
        consumers.sort((a, b) -> Arrays.compareUnsigned(a.name(), b.name()));
        List<PendingEntry> pending = new ArrayList<>(pel.size());
        pel.forEach((id, timeAndCount) -> pending.add(
                new PendingEntry(id, owners.getOrDefault(id, NO_CONSUMER), timeAndCount[0], timeAndCount[1])));
        return new ConsumerGroup(name, lastDelivered, pending, consumers);
    }

    /**
     * A stream listpack: a master entry (count, deleted, field count, field names, 0), then entries of
     * flags, ms and seq deltas from the node's master ID, either the values alone (when the entry has
     * the master's fields) or a field count and field/value pairs, and a trailing element count.
     */
    private static void readListpack(StreamId master, byte[] lp, List<StreamEntry> out) {
        ListpackCursor cursor = new ListpackCursor(lp);
        cursor.nextLong(); // live entries
        cursor.nextLong(); // deleted entries
        int masterFieldCount = count(cursor.nextLong(), lp.length);
        byte[][] masterFields = new byte[masterFieldCount][];
        for (int i = 0; i < masterFieldCount; i++) {
            masterFields[i] = cursor.nextBytes();
        }
        cursor.nextLong(); // master entry terminator
        while (cursor.hasNext()) {
            int flags = (int) cursor.nextLong();
            StreamId id = new StreamId(master.ms() + cursor.nextLong(), master.seq() + cursor.nextLong());
            List<byte[]> fieldsAndValues;
            if ((flags & RdbFormat.STREAM_ITEM_FLAG_SAMEFIELDS) != 0) {
                fieldsAndValues = new ArrayList<>(2 * masterFieldCount);
                for (byte[] field : masterFields) {
                    fieldsAndValues.add(field);
                    fieldsAndValues.add(cursor.nextBytes());
                }
            } else {
                int fields = count(cursor.nextLong(), lp.length);
                fieldsAndValues = new ArrayList<>(2 * fields);
                for (int i = 0; i < fields; i++) {
                    fieldsAndValues.add(cursor.nextBytes());
                    fieldsAndValues.add(cursor.nextBytes());
                }
            }
            cursor.nextLong(); // element count of this entry, for walking backwards
            if ((flags & RdbFormat.STREAM_ITEM_FLAG_DELETED) == 0) {
                out.add(new StreamEntry(id, fieldsAndValues));
            }
        }
    }

    /** Every listpack element takes at least two bytes, so no count can exceed the listpack's size. */
    private static int count(long n, int listpackBytes) {
        if (n < 0 || n > listpackBytes) {
            throw new BackupCorruptedException("rdb-structure", "stream listpack field count " + n);
        }
        return (int) n;
    }

    private static StreamId id(byte[] raw) {
        long ms = 0;
        long seq = 0;
        for (int i = 0; i < 8; i++) {
            ms = (ms << 8) | (raw[i] & 0xff);
            seq = (seq << 8) | (raw[8 + i] & 0xff);
        }
        return new StreamId(ms, seq);
    }
}
