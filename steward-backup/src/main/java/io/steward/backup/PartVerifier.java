package io.steward.backup;

import io.steward.BackupCorruptedException;
import io.steward.backup.internal.BackupKey;
import io.steward.backup.internal.BackupKeyMismatchException;
import io.steward.backup.internal.BackupPipeline;
import io.steward.backup.rdb.RdbReader;
import io.steward.backup.rdb.RdbSummary;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Verifies one part of a backup: size, authenticated decryption of every chunk, the zstd frame,
 * both SHA-256 checksums, and for an RDB every record, its CRC64 footer and the key counts.
 */
final class PartVerifier {

    private PartVerifier() {}

    /**
     * Adds the checks of {@code part} to {@code checks}; returns whether all passed. Called once the
     * manifest is authenticated with {@code key}.
     *
     * @param bytesRead told the count of the file's bytes read so far, as reading goes on
     */
    static boolean verify(
            Path file, BackupPart part, BackupKey key, List<VerifyReport.Check> checks, LongConsumer bytesRead) {
        String target = part.file();
        try {
            if (!presentWithSize(file, part, checks)) {
                return false;
            }
            RdbSummary summary = null;
            BackupPipeline.Totals totals;
            try (BackupPipeline.Source in = BackupPipeline.openForRead(
                    new BufferedInputStream(new CountingInputStream(Files.newInputStream(file), bytesRead), 1 << 16),
                    key)) {
                if (part.kind() == BackupPart.Kind.RDB) {
                    summary = RdbReader.read(in, (entry, value) -> {}, false);
                }
                drain(in);
                totals = in.totals();
            }
            if (!totals.storedSha256().equals(part.storedSha256())) {
                return fail(
                        checks,
                        "stored-sha256",
                        target,
                        "file hashes to " + totals.storedSha256() + ", manifest says " + part.storedSha256());
            }
            if (!totals.rawSha256().equals(part.rawSha256())) {
                return fail(
                        checks,
                        "raw-sha256",
                        target,
                        "content hashes to " + totals.rawSha256() + ", manifest says " + part.rawSha256());
            }
            checks.add(new VerifyReport.Check(
                    "checksums",
                    target,
                    true,
                    "decrypted, decompressed, SHA-256 of " + totals.rawBytes() + " raw bytes match"));
            if (summary != null) {
                checks.add(new VerifyReport.Check(
                        "rdb-parse",
                        target,
                        true,
                        "RDB v" + summary.rdbVersion() + ": every record parsed"
                                + (summary.checksumPresent() ? ", CRC64 footer matches" : "")));
                if (!summary.keysPerDb().equals(part.keysPerDb())) {
                    return fail(
                            checks,
                            "key-counts",
                            target,
                            "parsed " + summary.keysPerDb() + ", manifest says " + part.keysPerDb());
                }
                checks.add(new VerifyReport.Check(
                        "key-counts", target, true, summary.keys() + " keys " + summary.keysPerDb()));
                if (part.contents() != null
                        && !summary.contents().withoutKeyNames().equals(part.contents())) {
                    return fail(
                            checks,
                            "contents",
                            target,
                            "parsed " + summary.contents().withoutKeyNames() + ", manifest says " + part.contents());
                }
            }
            return true;
        } catch (BackupCorruptedException e) {
            return fail(checks, e.check(), target, e.getMessage());
        } catch (BackupKeyMismatchException e) {
            // The manifest was authenticated with this key, so the key is the backup's own.
            return fail(
                    checks,
                    "header",
                    target,
                    "the part's header names key " + e.backupKeyId() + ", but the backup was made with key "
                            + e.givenKeyId() + " (its manifest is authenticated with it): the header was"
                            + " changed or the file replaced");
        } catch (IOException e) {
            return fail(checks, "read", target, e.getMessage());
        }
    }

    /**
     * The quick check before a restore: the file has the manifest's size and SHA-256. With the
     * manifest authenticated, that proves the file is the one the backup wrote (whose chunks, zstd
     * frame and RDB were checked as it was written); the restore re-checks chunks and the RDB as it
     * reads.
     */
    static boolean storedIntact(Path file, BackupPart part, List<VerifyReport.Check> checks) {
        String target = part.file();
        try {
            if (!presentWithSize(file, part, checks)) {
                return false;
            }
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buffer = new byte[1 << 20];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    sha.update(buffer, 0, n);
                }
            }
            String actual = java.util.HexFormat.of().formatHex(sha.digest());
            if (!actual.equals(part.storedSha256())) {
                return fail(
                        checks,
                        "stored-sha256",
                        target,
                        "file hashes to " + actual + ", manifest says " + part.storedSha256());
            }
            checks.add(new VerifyReport.Check("stored-sha256", target, true, part.storedBytes() + " bytes as written"));
            return true;
        } catch (IOException e) {
            return fail(checks, "read", target, e.getMessage());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    /** The part exists with the manifest's size ({@code part-missing}, {@code stored-size}). */
    private static boolean presentWithSize(Path file, BackupPart part, List<VerifyReport.Check> checks)
            throws IOException {
        if (!Files.exists(file)) {
            return fail(checks, "part-missing", part.file(), file + " does not exist");
        }
        long size = Files.size(file);
        if (size != part.storedBytes()) {
            return fail(
                    checks, "stored-size", part.file(), size + " bytes on disk, manifest says " + part.storedBytes());
        }
        return true;
    }

    /** Tells a listener how many bytes have been read. */
    private static final class CountingInputStream extends FilterInputStream {

        private final LongConsumer bytesRead;
        private long count;

        CountingInputStream(InputStream in, LongConsumer bytesRead) {
            super(in);
            this.bytesRead = bytesRead;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                bytesRead.accept(++count);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
                bytesRead.accept(count);
            }
            return n;
        }
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[1 << 16];
        while (in.read(buffer) >= 0) {
            // reading to the end authenticates the last chunk and the zstd frame
        }
    }

    private static boolean fail(List<VerifyReport.Check> checks, String name, String target, String detail) {
        checks.add(new VerifyReport.Check(name, target, false, detail));
        return false;
    }
}
