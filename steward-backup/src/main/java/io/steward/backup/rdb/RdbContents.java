package io.steward.backup.rdb;

import java.util.List;

/**
 * What an RDB file holds besides its keys' values, as far as a restore over the network is
 * concerned: function libraries (restored with {@code FUNCTION RESTORE}), LRU idle times and LFU
 * counters (restored with {@code RESTORE ... IDLETIME}/{@code FREQ}), and module data, which
 * {@code RESTORE} can only recreate on a server that has the module loaded. Every complete read
 * computes it ({@link RdbSummary#contents()}).
 *
 * @param functionLibraries function libraries ({@code FUNCTION2} records, and {@code FUNCTION}
 *                          records of the Redis 7.0 release candidates)
 * @param keysWithIdle      keys with an LRU idle time ({@code IDLE})
 * @param keysWithFrequency keys with an LFU counter ({@code FREQ})
 * @param modules           module data, one element per module type id, in the order first seen
 */
public record RdbContents(long functionLibraries, long keysWithIdle, long keysWithFrequency, List<ModuleData> modules) {

    /** Nothing but plain keys. */
    public static final RdbContents NONE = new RdbContents(0, 0, 0, List.of());

    private static final String MODULE_TYPE_NAME_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static final int PRINTABLE_KEY_LIMIT = 120;

    public RdbContents {
        modules = List.copyOf(modules);
    }

    /** The same counts without key names, as a backup manifest records them. */
    public RdbContents withoutKeyNames() {
        return new RdbContents(
                functionLibraries,
                keysWithIdle,
                keysWithFrequency,
                modules.stream()
                        .map(m -> new ModuleData(m.typeId(), m.keys(), -1, null, m.auxRecords()))
                        .toList());
    }

    /** Whether the file holds module data (values of a module type or module auxiliary records). */
    public boolean hasModuleData() {
        return !modules.isEmpty();
    }

    /**
     * The data of one module type.
     *
     * @param typeId     the 64-bit module type id as stored: the 9-character type name in the upper 54
     *                   bits, the module's encoding version in the lower 10
     * @param keys       keys whose value is of this type
     * @param firstKeyDb the database of the first such key, or -1
     * @param firstKey   the first such key in printable form ({@link #printable}), or null when there is
     *                   none or it is not known (a backup manifest records counts, never key names)
     * @param auxRecords module auxiliary ({@code MODULE_AUX}) records of this type, data kept outside
     *                   the keyspace
     */
    public record ModuleData(long typeId, long keys, int firstKeyDb, String firstKey, long auxRecords) {

        /** The type name Redis derives from the id ({@code moduleTypeNameByID}). */
        public String typeName() {
            return moduleTypeName(typeId);
        }

        /** The module's encoding version (the lower 10 bits of the id). */
        public int encodingVersion() {
            return (int) (typeId & 1023);
        }
    }

    /** The 9-character module type name held in the upper 54 bits of {@code typeId}, as Redis decodes it. */
    public static String moduleTypeName(long typeId) {
        char[] name = new char[9];
        long id = typeId >>> 10;
        for (int i = 8; i >= 0; i--) {
            name[i] = MODULE_TYPE_NAME_CHARS.charAt((int) (id & 63));
            id >>>= 6;
        }
        return new String(name);
    }

    /**
     * A key as {@code redis-cli} shows binary-safe strings: printable ASCII as is, backslash and quote
     * escaped, other bytes as {@code \xNN}; cut after 120 characters.
     */
    public static String printable(byte[] key) {
        StringBuilder s = new StringBuilder(Math.min(key.length, PRINTABLE_KEY_LIMIT) + 2);
        for (byte b : key) {
            if (s.length() >= PRINTABLE_KEY_LIMIT) {
                return s.append("...").toString();
            }
            int c = b & 0xff;
            if (c == '\\' || c == '"') {
                s.append('\\').append((char) c);
            } else if (c >= 0x20 && c < 0x7f) {
                s.append((char) c);
            } else {
                s.append(String.format("\\x%02x", c));
            }
        }
        return s.toString();
    }
}
