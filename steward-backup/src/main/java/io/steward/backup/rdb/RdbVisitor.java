package io.steward.backup.rdb;

/**
 * Receives the contents of an RDB file, in file order, from {@link RdbReader#read}. Called on the
 * reading thread; a runtime exception thrown here ends the read and reaches its caller.
 */
public interface RdbVisitor {

    /** An auxiliary field such as {@code redis-ver}, {@code redis-bits}, {@code ctime}, {@code used-mem}. */
    default void aux(String key, String value) {}

    /**
     * A database begins. The hints are the sizes Redis recorded ({@code RESIZEDB}), or -1 when the file
     * has none.
     */
    default void database(int db, long keysHint, long expiresHint) {}

    /** A function library ({@code FUNCTION LOAD} source), as Redis 7 stores it. */
    default void function(byte[] libraryCode) {}

    /**
     * A key. {@code value} decodes or copies this key's value on request and is valid only during this
     * call.
     */
    void entry(RdbEntry entry, RdbValueSource value);
}
