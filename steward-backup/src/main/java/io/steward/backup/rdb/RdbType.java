package io.steward.backup.rdb;

import io.steward.BackupCorruptedException;

/** The logical type of a key, whatever its RDB encoding; what {@code TYPE key} answers. */
public enum RdbType {
    STRING,
    LIST,
    SET,
    ZSET,
    HASH,
    STREAM,
    MODULE;

    /**
     * The logical type of an RDB object type byte.
     *
     * @throws BackupCorruptedException {@code rdb-unsupported} for types Redis defines but this parser
     *     does not read, {@code rdb-structure} for bytes that are no object type
     */
    public static RdbType ofEncoding(int rdbObjectType) {
        switch (rdbObjectType) {
            case RdbFormat.TYPE_STRING:
                return STRING;
            case RdbFormat.TYPE_LIST:
            case RdbFormat.TYPE_LIST_ZIPLIST:
            case RdbFormat.TYPE_LIST_QUICKLIST:
            case RdbFormat.TYPE_LIST_QUICKLIST_2:
                return LIST;
            case RdbFormat.TYPE_SET:
            case RdbFormat.TYPE_SET_INTSET:
            case RdbFormat.TYPE_SET_LISTPACK:
                return SET;
            case RdbFormat.TYPE_ZSET:
            case RdbFormat.TYPE_ZSET_2:
            case RdbFormat.TYPE_ZSET_ZIPLIST:
            case RdbFormat.TYPE_ZSET_LISTPACK:
                return ZSET;
            case RdbFormat.TYPE_HASH:
            case RdbFormat.TYPE_HASH_ZIPMAP:
            case RdbFormat.TYPE_HASH_ZIPLIST:
            case RdbFormat.TYPE_HASH_LISTPACK:
                return HASH;
            case RdbFormat.TYPE_STREAM_LISTPACKS:
            case RdbFormat.TYPE_STREAM_LISTPACKS_2:
            case RdbFormat.TYPE_STREAM_LISTPACKS_3:
                return STREAM;
            case RdbFormat.TYPE_MODULE_2:
                return MODULE;
            default:
                if (RdbFormat.isUnsupportedObjectType(rdbObjectType)) {
                    throw new BackupCorruptedException("rdb-unsupported", RdbFormat.unsupportedReason(rdbObjectType));
                }
                throw new BackupCorruptedException("rdb-structure", "unknown RDB object type " + rdbObjectType);
        }
    }
}
