package io.steward.backup.rdb;

/** Opcodes, object types and encodings of the RDB format, as Redis 7.x defines them in {@code rdb.h}. */
final class RdbFormat {

    static final int MIN_VERSION = 1;
    /** Redis 7.4 writes 12; newer files may hold types this parser refuses by name. */
    static final int MAX_VERSION = 12;

    static final int TYPE_STRING = 0;
    static final int TYPE_LIST = 1;
    static final int TYPE_SET = 2;
    static final int TYPE_ZSET = 3;
    static final int TYPE_HASH = 4;
    static final int TYPE_ZSET_2 = 5;
    static final int TYPE_MODULE_PRE_GA = 6;
    static final int TYPE_MODULE_2 = 7;
    static final int TYPE_HASH_ZIPMAP = 9;
    static final int TYPE_LIST_ZIPLIST = 10;
    static final int TYPE_SET_INTSET = 11;
    static final int TYPE_ZSET_ZIPLIST = 12;
    static final int TYPE_HASH_ZIPLIST = 13;
    static final int TYPE_LIST_QUICKLIST = 14;
    static final int TYPE_STREAM_LISTPACKS = 15;
    static final int TYPE_HASH_LISTPACK = 16;
    static final int TYPE_ZSET_LISTPACK = 17;
    static final int TYPE_LIST_QUICKLIST_2 = 18;
    static final int TYPE_STREAM_LISTPACKS_2 = 19;
    static final int TYPE_SET_LISTPACK = 20;
    static final int TYPE_STREAM_LISTPACKS_3 = 21;
    /** Hashes with field expiry (Redis 7.4): 22 to 25. */
    static final int TYPE_HASH_METADATA_PRE_GA = 22;

    static final int TYPE_HASH_LISTPACK_EX = 25;

    static final int OPCODE_SLOT_INFO = 244;
    static final int OPCODE_FUNCTION2 = 245;
    static final int OPCODE_FUNCTION_PRE_GA = 246;
    static final int OPCODE_MODULE_AUX = 247;
    static final int OPCODE_IDLE = 248;
    static final int OPCODE_FREQ = 249;
    static final int OPCODE_AUX = 250;
    static final int OPCODE_RESIZEDB = 251;
    static final int OPCODE_EXPIRETIME_MS = 252;
    static final int OPCODE_EXPIRETIME = 253;
    static final int OPCODE_SELECTDB = 254;
    static final int OPCODE_EOF = 255;

    static final int ENC_INT8 = 0;
    static final int ENC_INT16 = 1;
    static final int ENC_INT32 = 2;
    static final int ENC_LZF = 3;

    static final int MODULE_OPCODE_EOF = 0;
    static final int MODULE_OPCODE_SINT = 1;
    static final int MODULE_OPCODE_UINT = 2;
    static final int MODULE_OPCODE_FLOAT = 3;
    static final int MODULE_OPCODE_DOUBLE = 4;
    static final int MODULE_OPCODE_STRING = 5;

    static final int QUICKLIST_NODE_PLAIN = 1;
    static final int QUICKLIST_NODE_PACKED = 2;

    static final int STREAM_ITEM_FLAG_DELETED = 1;
    static final int STREAM_ITEM_FLAG_SAMEFIELDS = 2;

    static final int STREAM_ID_BYTES = 16;

    private RdbFormat() {}

    /** Whether {@code type} is an object type this parser reads. */
    static boolean isSupportedObjectType(int type) {
        return (type >= TYPE_STRING && type <= TYPE_ZSET_2)
                || type == TYPE_MODULE_2
                || (type >= TYPE_HASH_ZIPMAP && type <= TYPE_STREAM_LISTPACKS_3);
    }

    /** Whether {@code type} is an object type Redis defines but this parser cannot read. */
    static boolean isUnsupportedObjectType(int type) {
        return type == TYPE_MODULE_PRE_GA || (type >= TYPE_HASH_METADATA_PRE_GA && type <= TYPE_HASH_LISTPACK_EX);
    }

    static String unsupportedReason(int type) {
        return type == TYPE_MODULE_PRE_GA
                ? "module type in the Redis 4.0 release-candidate format (RDB type 6)"
                : "hash with field expiry (RDB type " + type + ", Redis 7.4)";
    }
}
