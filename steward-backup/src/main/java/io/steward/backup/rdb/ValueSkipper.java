package io.steward.backup.rdb;

import io.steward.BackupCorruptedException;

/**
 * Moves past an encoded value without materialising it: the path every key takes when only its
 * position, bytes or counts are needed. Allocation-free.
 */
final class ValueSkipper {

    private ValueSkipper() {}

    /** Skips the value of object type {@code type}; the type byte has been read. */
    static void skip(RdbInput in, int type) {
        switch (type) {
            case RdbFormat.TYPE_STRING:
            case RdbFormat.TYPE_HASH_ZIPMAP:
            case RdbFormat.TYPE_LIST_ZIPLIST:
            case RdbFormat.TYPE_SET_INTSET:
            case RdbFormat.TYPE_ZSET_ZIPLIST:
            case RdbFormat.TYPE_HASH_ZIPLIST:
            case RdbFormat.TYPE_HASH_LISTPACK:
            case RdbFormat.TYPE_ZSET_LISTPACK:
            case RdbFormat.TYPE_SET_LISTPACK:
                in.skipString();
                return;
            case RdbFormat.TYPE_LIST:
            case RdbFormat.TYPE_SET:
            case RdbFormat.TYPE_LIST_QUICKLIST:
                skipStrings(in, in.readLength());
                return;
            case RdbFormat.TYPE_HASH:
                long fields = in.readLength();
                for (long i = 0; i < fields; i++) {
                    in.skipString();
                    in.skipString();
                }
                return;
            case RdbFormat.TYPE_ZSET:
                long members = in.readLength();
                for (long i = 0; i < members; i++) {
                    in.skipString();
                    int len = in.readUnsignedByte();
                    if (len < 253) {
                        in.skip(len);
                    }
                }
                return;
            case RdbFormat.TYPE_ZSET_2:
                long scored = in.readLength();
                for (long i = 0; i < scored; i++) {
                    in.skipString();
                    in.skip(8);
                }
                return;
            case RdbFormat.TYPE_LIST_QUICKLIST_2:
                long nodes = in.readLength();
                for (long i = 0; i < nodes; i++) {
                    checkContainer(in, in.readLength());
                    in.skipString();
                }
                return;
            case RdbFormat.TYPE_STREAM_LISTPACKS:
            case RdbFormat.TYPE_STREAM_LISTPACKS_2:
            case RdbFormat.TYPE_STREAM_LISTPACKS_3:
                skipStream(in, type);
                return;
            case RdbFormat.TYPE_MODULE_2:
                in.readLength();
                skipModuleValue(in);
                return;
            default:
                throw unknownType(in, type);
        }
    }

    /** Skips module data in the self-describing (opcode-framed) format up to its EOF opcode. */
    static void skipModuleValue(RdbInput in) {
        while (true) {
            long opcode = in.readLength();
            switch ((int) Math.min(opcode, Integer.MAX_VALUE)) {
                case RdbFormat.MODULE_OPCODE_EOF:
                    return;
                case RdbFormat.MODULE_OPCODE_SINT:
                case RdbFormat.MODULE_OPCODE_UINT:
                    in.readLength();
                    break;
                case RdbFormat.MODULE_OPCODE_FLOAT:
                    in.skip(4);
                    break;
                case RdbFormat.MODULE_OPCODE_DOUBLE:
                    in.skip(8);
                    break;
                case RdbFormat.MODULE_OPCODE_STRING:
                    in.skipString();
                    break;
                default:
                    throw in.structure("unknown module data opcode " + opcode, 1);
            }
        }
    }

    static void checkContainer(RdbInput in, long container) {
        if (container != RdbFormat.QUICKLIST_NODE_PLAIN && container != RdbFormat.QUICKLIST_NODE_PACKED) {
            throw in.structure("unknown quicklist node container " + container, 1);
        }
    }

    static BackupCorruptedException unknownType(RdbInput in, int type) {
        if (RdbFormat.isUnsupportedObjectType(type)) {
            return new BackupCorruptedException(
                    "rdb-unsupported", RdbFormat.unsupportedReason(type) + " at offset " + in.offset());
        }
        return in.structure("unknown object type " + type, 1);
    }

    private static void skipStrings(RdbInput in, long n) {
        for (long i = 0; i < n; i++) {
            in.skipString();
        }
    }

    private static void skipStream(RdbInput in, int type) {
        long listpacks = in.readLength();
        for (long i = 0; i < listpacks; i++) {
            in.skipString();
            in.skipString();
        }
        in.readLength(); // length
        in.readLength(); // last ID
        in.readLength();
        if (type >= RdbFormat.TYPE_STREAM_LISTPACKS_2) {
            in.readLength(); // first ID
            in.readLength();
            in.readLength(); // max deleted entry ID
            in.readLength();
            in.readLength(); // entries added
        }
        long groups = in.readLength();
        for (long g = 0; g < groups; g++) {
            in.skipString();
            in.readLength(); // last delivered ID
            in.readLength();
            if (type >= RdbFormat.TYPE_STREAM_LISTPACKS_2) {
                in.readLength(); // entries read
            }
            long pending = in.readLength();
            for (long p = 0; p < pending; p++) {
                in.skip(RdbFormat.STREAM_ID_BYTES + 8);
                in.readLength(); // delivery count
            }
            long consumers = in.readLength();
            for (long c = 0; c < consumers; c++) {
                in.skipString();
                in.skip(type >= RdbFormat.TYPE_STREAM_LISTPACKS_3 ? 16 : 8);
                in.skip(RdbFormat.STREAM_ID_BYTES * in.readLength());
            }
        }
    }
}
