package io.steward.backup.rdb;

import java.util.List;

/**
 * A key's value in canonical form: independent of how Redis encoded it (listpack or hashtable, intset
 * or listpack, ...) and of hashtable iteration order. Set members, hash fields and sorted-set members
 * are sorted by unsigned byte order; lists and streams keep their order; integers stored as integers
 * appear as their decimal text, as Redis returns them to clients.
 *
 * <p>The records hold the arrays they were built with; treat them as read-only. Their {@code equals}
 * compares arrays by identity, as records do: compare values through {@link DatasetDigest}.
 */
public sealed interface RdbValue
        permits RdbValue.StringValue,
                RdbValue.ListValue,
                RdbValue.SetValue,
                RdbValue.SortedSetValue,
                RdbValue.HashValue,
                RdbValue.StreamValue,
                RdbValue.ModuleValue {

    /** The logical type. */
    RdbType type();

    /**
     * Decodes an encoded value (object type byte + value bytes, as {@link RdbEntry#encodedValue()} or
     * {@link DumpPayload#encodedValueOf} give it).
     *
     * @throws io.steward.BackupCorruptedException ({@code rdb-structure}, {@code rdb-truncated} or
     *     {@code rdb-unsupported}) when the bytes are not a value this parser reads
     */
    static RdbValue decode(byte[] encodedValue) {
        return ValueDecoder.decode(encodedValue, 0, encodedValue.length);
    }

    record StringValue(byte[] bytes) implements RdbValue {
        @Override
        public RdbType type() {
            return RdbType.STRING;
        }
    }

    /** @param elements head to tail */
    record ListValue(List<byte[]> elements) implements RdbValue {
        @Override
        public RdbType type() {
            return RdbType.LIST;
        }
    }

    /** @param members sorted by unsigned byte order */
    record SetValue(List<byte[]> members) implements RdbValue {
        @Override
        public RdbType type() {
            return RdbType.SET;
        }
    }

    /** @param members sorted by member (unsigned byte order), not by score */
    record SortedSetValue(List<ScoredMember> members) implements RdbValue {
        @Override
        public RdbType type() {
            return RdbType.ZSET;
        }
    }

    record ScoredMember(byte[] member, double score) {}

    /** @param fields sorted by field name (unsigned byte order) */
    record HashValue(List<HashField> fields) implements RdbValue {
        @Override
        public RdbType type() {
            return RdbType.HASH;
        }
    }

    record HashField(byte[] field, byte[] value) {}

    /**
     * @param entries the live entries, oldest first (deleted entries left out)
     * @param length  the stream length Redis recorded ({@code XLEN})
     * @param lastId  the last ID ever generated
     * @param groups  consumer groups sorted by name
     */
    record StreamValue(List<StreamEntry> entries, long length, StreamId lastId, List<ConsumerGroup> groups)
            implements RdbValue {
        @Override
        public RdbType type() {
            return RdbType.STREAM;
        }
    }

    /** A stream ID; both parts are unsigned 64-bit numbers. */
    record StreamId(long ms, long seq) implements Comparable<StreamId> {
        @Override
        public int compareTo(StreamId other) {
            int c = Long.compareUnsigned(ms, other.ms);
            return c != 0 ? c : Long.compareUnsigned(seq, other.seq);
        }

        @Override
        public String toString() {
            return Long.toUnsignedString(ms) + "-" + Long.toUnsignedString(seq);
        }
    }

    /** @param fieldsAndValues field, value, field, value, ... in the order they were added */
    record StreamEntry(StreamId id, List<byte[]> fieldsAndValues) {}

    /**
     * @param pending   the group's pending entries list, by ID
     * @param consumers sorted by name
     */
    record ConsumerGroup(byte[] name, StreamId lastDeliveredId, List<PendingEntry> pending, List<Consumer> consumers) {}

    /** @param consumer the consumer that owns it; empty when the file names none */
    record PendingEntry(StreamId id, byte[] consumer, long deliveryTimeMillis, long deliveryCount) {}

    /** @param pending the IDs this consumer owns, ascending */
    record Consumer(byte[] name, long seenTimeMillis, List<StreamId> pending) {}

    /**
     * A module data type value, kept opaque.
     *
     * @param moduleId     the module type ID (name and encoding version)
     * @param encodedValue the whole encoded value, type byte included
     */
    record ModuleValue(long moduleId, byte[] encodedValue) implements RdbValue {
        @Override
        public RdbType type() {
            return RdbType.MODULE;
        }
    }
}
