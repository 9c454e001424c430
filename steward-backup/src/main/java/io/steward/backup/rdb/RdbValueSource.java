package io.steward.backup.rdb;

/**
 * The value of the key being visited, decoded only when asked. Valid only during {@link
 * RdbVisitor#entry}; afterwards its buffer holds the next key's value.
 */
public interface RdbValueSource {

    /**
     * Decodes the value into its canonical form.
     *
     * @throws io.steward.BackupCorruptedException when the value's bytes are malformed
     */
    RdbValue decode();

    /** The length of the encoded value (object type byte included). */
    int encodedLength();

    /** A copy of the encoded value: the object type byte followed by the value bytes as in the RDB. */
    byte[] encodedValue();
}
