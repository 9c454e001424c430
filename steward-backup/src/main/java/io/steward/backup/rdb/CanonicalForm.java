package io.steward.backup.rdb;

import io.steward.backup.rdb.RdbValue.Consumer;
import io.steward.backup.rdb.RdbValue.ConsumerGroup;
import io.steward.backup.rdb.RdbValue.HashField;
import io.steward.backup.rdb.RdbValue.PendingEntry;
import io.steward.backup.rdb.RdbValue.ScoredMember;
import io.steward.backup.rdb.RdbValue.StreamEntry;
import io.steward.backup.rdb.RdbValue.StreamId;
import java.security.MessageDigest;
import java.util.List;

/**
 * Feeds a key and its canonical value to a message digest, every variable-length part prefixed with
 * its length so that no two different keys produce the same byte sequence. What a stream contributes:
 * entries with IDs and fields, length, last ID, and per group its name, last-delivered ID, pending
 * entries (ID, owner, delivery count) and consumers with their pending IDs; times are left out.
 */
final class CanonicalForm {

    private final MessageDigest digest;
    private final byte[] scratch = new byte[8];

    CanonicalForm(MessageDigest digest) {
        this.digest = digest;
    }

    void key(int db, byte[] key, RdbValue value, boolean hasTtl) {
        writeInt(db);
        writeBytes(key);
        digest.update((byte) value.type().ordinal());
        digest.update((byte) (hasTtl ? 1 : 0));
        value(value);
    }

    private void value(RdbValue value) {
        if (value instanceof RdbValue.StringValue s) {
            writeBytes(s.bytes());
        } else if (value instanceof RdbValue.ListValue l) {
            writeAll(l.elements());
        } else if (value instanceof RdbValue.SetValue s) {
            writeAll(s.members());
        } else if (value instanceof RdbValue.SortedSetValue z) {
            writeLong(z.members().size());
            for (ScoredMember m : z.members()) {
                writeBytes(m.member());
                writeLong(Double.doubleToLongBits(m.score()));
            }
        } else if (value instanceof RdbValue.HashValue h) {
            writeLong(h.fields().size());
            for (HashField f : h.fields()) {
                writeBytes(f.field());
                writeBytes(f.value());
            }
        } else if (value instanceof RdbValue.StreamValue s) {
            stream(s);
        } else if (value instanceof RdbValue.ModuleValue m) {
            writeLong(m.moduleId());
            writeBytes(m.encodedValue());
        } else {
            throw new IllegalArgumentException("unknown value " + value.getClass());
        }
    }

    private void stream(RdbValue.StreamValue s) {
        writeLong(s.entries().size());
        for (StreamEntry e : s.entries()) {
            writeId(e.id());
            writeAll(e.fieldsAndValues());
        }
        writeLong(s.length());
        writeId(s.lastId());
        writeLong(s.groups().size());
        for (ConsumerGroup g : s.groups()) {
            writeBytes(g.name());
            writeId(g.lastDeliveredId());
            writeLong(g.pending().size());
            for (PendingEntry p : g.pending()) {
                writeId(p.id());
                writeBytes(p.consumer());
                writeLong(p.deliveryCount());
            }
            writeLong(g.consumers().size());
            for (Consumer c : g.consumers()) {
                writeBytes(c.name());
                writeLong(c.pending().size());
                for (StreamId id : c.pending()) {
                    writeId(id);
                }
            }
        }
    }

    private void writeAll(List<byte[]> elements) {
        writeLong(elements.size());
        for (byte[] element : elements) {
            writeBytes(element);
        }
    }

    private void writeId(StreamId id) {
        writeLong(id.ms());
        writeLong(id.seq());
    }

    private void writeBytes(byte[] bytes) {
        writeInt(bytes.length);
        digest.update(bytes);
    }

    private void writeInt(int v) {
        for (int i = 0; i < 4; i++) {
            scratch[i] = (byte) (v >>> (24 - 8 * i));
        }
        digest.update(scratch, 0, 4);
    }

    private void writeLong(long v) {
        for (int i = 0; i < 8; i++) {
            scratch[i] = (byte) (v >>> (56 - 8 * i));
        }
        digest.update(scratch, 0, 8);
    }
}
