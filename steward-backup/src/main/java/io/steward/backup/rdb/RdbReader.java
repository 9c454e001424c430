package io.steward.backup.rdb;

import io.steward.BackupCorruptedException;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads an RDB file (versions 1 to 12; every object type Redis 7.0 and 7.2 write) in one streaming
 * pass, handing each key to a {@link RdbVisitor} and verifying the CRC-64 footer.
 *
 * <p>Memory stays flat whatever the file size: the input goes through one 64 KiB buffer, values are
 * walked rather than built, and the current key's encoded value is copied into one reusable buffer
 * (so {@link RdbValueSource} can decode it on request). Nothing is allocated per key beyond its name
 * and the {@link RdbEntry}, plus a copy of the value when {@code captureValues} is set.
 */
public final class RdbReader {

    private static final byte[] MAGIC = "REDIS".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER_SIZE = 9;
    private static final int FIRST_VERSION_WITH_CHECKSUM = 5;

    private final RdbInput in;
    private final RdbVisitor visitor;
    private final boolean captureValues;
    private final CapturedValue capturedValue = new CapturedValue();

    private final Map<String, String> aux = new LinkedHashMap<>();
    private final TreeMap<Integer, Long> keysPerDb = new TreeMap<>();
    private int db;
    private long keysInDb;
    private boolean dbAnnounced;
    private long keysWithExpiry;
    private long functionLibraries;
    private long keysWithIdle;
    private long keysWithFrequency;
    private final Map<Long, ModuleTally> modules = new LinkedHashMap<>();

    private RdbReader(InputStream in, RdbVisitor visitor, boolean captureValues) {
        this.in = RdbInput.ofStream(in);
        this.visitor = visitor;
        this.captureValues = captureValues;
    }

    /**
     * Reads {@code in} to the end of the RDB (the checksum after the EOF opcode); bytes after it are
     * left unread. Does not close {@code in}; buffer it or not, reads are made in 64 KiB blocks.
     *
     * @param captureValues whether each {@link RdbEntry} carries a copy of its encoded value; without it
     *     the visitor can still ask {@link RdbValueSource} for one key's bytes or decoded value
     * @throws BackupCorruptedException with check {@code rdb-header} (not an RDB, or a version newer
     *     than 12), {@code rdb-structure} (bad opcode, type, length or encoding; the message gives the
     *     byte offset), {@code rdb-truncated} (input ends early), {@code rdb-crc64} (footer mismatch) or
     *     {@code rdb-unsupported} (module data in the 4.0 RC format, 7.4 hash field expiry)
     * @throws io.steward.StewardException when reading {@code in} fails
     */
    public static RdbSummary read(InputStream in, RdbVisitor visitor, boolean captureValues) {
        return new RdbReader(in, visitor, captureValues).readAll();
    }

    private RdbSummary readAll() {
        int version = readHeader();
        long expireAt = -1;
        long idle = -1;
        int frequency = -1;
        while (true) {
            int type = in.readUnsignedByte();
            switch (type) {
                case RdbFormat.OPCODE_EXPIRETIME_MS:
                    expireAt = in.readLongLittleEndian();
                    continue;
                case RdbFormat.OPCODE_EXPIRETIME:
                    expireAt = in.readIntLittleEndian() * 1000L;
                    continue;
                case RdbFormat.OPCODE_IDLE:
                    idle = in.readLength();
                    continue;
                case RdbFormat.OPCODE_FREQ:
                    frequency = in.readUnsignedByte();
                    continue;
                case RdbFormat.OPCODE_SELECTDB:
                    selectDb(in.readCount());
                    continue;
                case RdbFormat.OPCODE_RESIZEDB:
                    long keysHint = in.readLength();
                    long expiresHint = in.readLength();
                    visitor.database(db, keysHint, expiresHint);
                    dbAnnounced = true;
                    continue;
                case RdbFormat.OPCODE_AUX:
                    String key = in.readUtf8String();
                    String value = in.readUtf8String();
                    aux.put(key, value);
                    visitor.aux(key, value);
                    continue;
                case RdbFormat.OPCODE_MODULE_AUX:
                    skipModuleAux();
                    continue;
                case RdbFormat.OPCODE_FUNCTION2:
                    functionLibraries++;
                    visitor.function(in.readString());
                    continue;
                case RdbFormat.OPCODE_FUNCTION_PRE_GA:
                    functionLibraries++;
                    visitor.function(releaseCandidateFunction());
                    continue;
                case RdbFormat.OPCODE_SLOT_INFO:
                    in.readLength(); // slot
                    in.readLength(); // keys in slot
                    in.readLength(); // expiring keys in slot
                    continue;
                case RdbFormat.OPCODE_EOF:
                    return finish(version);
                default:
                    readEntry(type, expireAt, idle, frequency);
                    expireAt = -1;
                    idle = -1;
                    frequency = -1;
            }
        }
    }

    private int readHeader() {
        byte[] header;
        try {
            header = in.readBytes(HEADER_SIZE);
        } catch (BackupCorruptedException e) {
            if (!e.check().equals("rdb-truncated")) {
                throw e; // the input failed (a chunk's authentication, say): its own check says what
            }
            throw new BackupCorruptedException("rdb-header", "shorter than the 9-byte RDB header", e);
        }
        if (!Arrays.equals(header, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new BackupCorruptedException("rdb-header", "does not start with REDIS");
        }
        int version = 0;
        for (int i = MAGIC.length; i < HEADER_SIZE; i++) {
            int digit = header[i] - '0';
            if (digit < 0 || digit > 9) {
                throw new BackupCorruptedException("rdb-header", "version is not four digits");
            }
            version = version * 10 + digit;
        }
        if (version < RdbFormat.MIN_VERSION || version > RdbFormat.MAX_VERSION) {
            throw new BackupCorruptedException(
                    "rdb-header", "RDB version " + version + " (this reader knows 1 to " + RdbFormat.MAX_VERSION + ")");
        }
        return version;
    }

    private void selectDb(int newDb) {
        countKeysOfCurrentDb();
        db = newDb;
        dbAnnounced = false;
    }

    private void countKeysOfCurrentDb() {
        if (keysInDb > 0) {
            keysPerDb.merge(db, keysInDb, Long::sum);
        }
        keysInDb = 0;
    }

    private void readEntry(int type, long expireAt, long idle, int frequency) {
        if (!RdbFormat.isSupportedObjectType(type)) {
            throw ValueSkipper.unknownType(in, type);
        }
        RdbType logicalType = RdbType.ofEncoding(type);
        byte[] key = in.readString();
        in.startCapture(type);
        ValueSkipper.skip(in, type);
        in.endCapture();
        if (!dbAnnounced) {
            visitor.database(db, -1, -1);
            dbAnnounced = true;
        }
        keysInDb++;
        if (expireAt != -1) {
            keysWithExpiry++;
        }
        if (idle != -1) {
            keysWithIdle++;
        }
        if (frequency != -1) {
            keysWithFrequency++;
        }
        if (type == RdbFormat.TYPE_MODULE_2) {
            long typeId = RdbInput.ofBytes(in.capturedBytes(), 1, in.capturedLength() - 1)
                    .readLength();
            modules.computeIfAbsent(typeId, ModuleTally::new).key(db, key);
        }
        byte[] encoded = captureValues ? capturedValue.copy() : null;
        visitor.entry(new RdbEntry(db, key, logicalType, type, expireAt, encoded, idle, frequency), capturedValue);
        in.trimCapture();
    }

    private void skipModuleAux() {
        long typeId = in.readLength();
        long whenOpcode = in.readLength();
        if (whenOpcode != RdbFormat.MODULE_OPCODE_UINT) {
            throw in.structure("module aux data with 'when' opcode " + whenOpcode, 1);
        }
        in.readLength(); // when
        ValueSkipper.skipModuleValue(in);
        modules.computeIfAbsent(typeId, ModuleTally::new).auxRecords++;
    }

    /**
     * A library in the format of the Redis 7.0 release candidates (name, engine, optional
     * description, code), turned into the source {@code FUNCTION LOAD} takes, as Redis 7.0 itself
     * does when it loads such a file ({@code rdbFunctionLoad}).
     */
    private byte[] releaseCandidateFunction() {
        byte[] name = in.readString();
        byte[] engine = in.readString();
        if (in.readLength() != 0) {
            in.skipString(); // description, dropped by Redis too
        }
        byte[] code = in.readString();
        ByteArrayOutputStream source = new ByteArrayOutputStream(code.length + name.length + engine.length + 10);
        source.writeBytes("#!".getBytes(StandardCharsets.US_ASCII));
        source.writeBytes(engine);
        source.writeBytes(" name=".getBytes(StandardCharsets.US_ASCII));
        source.writeBytes(name);
        source.write('\n');
        source.writeBytes(code);
        return source.toByteArray();
    }

    private RdbSummary finish(int version) {
        countKeysOfCurrentDb();
        long computed = in.crc();
        boolean checksumPresent = false;
        if (version >= FIRST_VERSION_WITH_CHECKSUM) {
            long stored = in.readLongLittleEndian();
            if (stored != 0) {
                if (stored != computed) {
                    throw new BackupCorruptedException(
                            "rdb-crc64",
                            "footer says 0x" + Long.toHexString(stored) + ", the contents hash to 0x"
                                    + Long.toHexString(computed));
                }
                checksumPresent = true;
            }
        }
        List<RdbContents.ModuleData> moduleData = new ArrayList<>();
        modules.values().forEach(m -> moduleData.add(m.data()));
        RdbContents contents = new RdbContents(functionLibraries, keysWithIdle, keysWithFrequency, moduleData);
        return new RdbSummary(version, aux, keysPerDb, keysWithExpiry, checksumPresent, in.offset(), contents);
    }

    /** Counts of one module type's data as the read goes. */
    private static final class ModuleTally {
        private final long typeId;
        private long keys;
        private int firstKeyDb = -1;
        private String firstKey;
        private long auxRecords;

        ModuleTally(long typeId) {
            this.typeId = typeId;
        }

        void key(int db, byte[] key) {
            if (keys++ == 0) {
                firstKeyDb = db;
                firstKey = RdbContents.printable(key);
            }
        }

        RdbContents.ModuleData data() {
            return new RdbContents.ModuleData(typeId, keys, firstKeyDb, firstKey, auxRecords);
        }
    }

    /** The reusable capture buffer, seen by the visitor as the current key's value. */
    final class CapturedValue implements RdbValueSource {

        @Override
        public RdbValue decode() {
            return ValueDecoder.decode(in.capturedBytes(), 0, in.capturedLength());
        }

        @Override
        public int encodedLength() {
            return in.capturedLength();
        }

        @Override
        public byte[] encodedValue() {
            return copy();
        }

        byte[] copy() {
            return Arrays.copyOf(in.capturedBytes(), in.capturedLength());
        }

        /** The capture buffer itself: {@link #encodedLength()} bytes from index 0 are this value. */
        byte[] buffer() {
            return in.capturedBytes();
        }
    }
}
