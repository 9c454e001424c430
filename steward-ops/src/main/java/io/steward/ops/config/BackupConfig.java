package io.steward.ops.config;

import io.steward.ConfigException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Where and how backups are kept: the {@code backup} section. Paths are absolute once loaded.
 *
 * @param dir               the backup catalog directory
 * @param compression       how backup payloads are compressed
 * @param encryptionKeyFile the AES-256 key file (mode 0600); {@code null} when backups are not encrypted
 * @param schedule          when backups run
 * @param retention         how long backups are kept
 */
public record BackupConfig(
        Path dir, Compression compression, Path encryptionKeyFile, Schedule schedule, Retention retention) {

    /** Relative to the directory of {@code steward.yaml}. */
    public static final Path DEFAULT_DIR = Path.of("backups");

    public static final Compression DEFAULT_COMPRESSION = Compression.ZSTD;

    /** Backups in {@code backups/}, zstd-compressed, unencrypted, unscheduled, default retention. */
    public static final BackupConfig DEFAULT =
            new BackupConfig(DEFAULT_DIR, DEFAULT_COMPRESSION, null, Schedule.NONE, Retention.DEFAULT);

    public BackupConfig {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(retention, "retention");
    }

    /** How backup payloads are compressed. */
    public enum Compression {
        ZSTD,
        NONE;

        /** The spelling used in {@code steward.yaml}. */
        public String yamlName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * When backups run, each a {@link CronSchedule}; {@code null} means the job is not scheduled (it
     * still runs on demand).
     *
     * @param rdb     RDB snapshots
     * @param full    full backups
     * @param verify  verification of the latest backup
     * @param cleanup deletion of backups past their {@link Retention}
     */
    public record Schedule(CronSchedule rdb, CronSchedule full, CronSchedule verify, CronSchedule cleanup) {

        /** Nothing scheduled. */
        public static final Schedule NONE = new Schedule((CronSchedule) null, null, null, null);

        /**
         * Parses the expressions as written in {@code backup.schedule}; {@code null} for a job not scheduled.
         *
         * @throws ConfigException naming the field when an expression is not a valid cron expression
         */
        public Schedule(String rdb, String full, String verify, String cleanup) {
            this(
                    optional("backup.schedule.rdb", rdb),
                    optional("backup.schedule.full", full),
                    optional("backup.schedule.verify", verify),
                    optional("backup.schedule.cleanup", cleanup));
        }

        private static CronSchedule optional(String field, String expression) {
            return expression == null ? null : CronSchedule.parse(field, expression);
        }
    }

    /**
     * @param rdbDays  days RDB snapshots are kept
     * @param fullDays days full backups are kept
     * @param keepLast backups always kept, however old
     */
    public record Retention(int rdbDays, int fullDays, int keepLast) {

        public static final int DEFAULT_RDB_DAYS = 7;
        public static final int DEFAULT_FULL_DAYS = 30;
        public static final int DEFAULT_KEEP_LAST = 3;
        public static final Retention DEFAULT = new Retention(DEFAULT_RDB_DAYS, DEFAULT_FULL_DAYS, DEFAULT_KEEP_LAST);

        /**
         * @throws ConfigException naming the field when a value is not positive
         */
        public Retention {
            if (rdbDays < 1) {
                throw new ConfigException("backup.retention.rdb-days", "must be at least 1, was " + rdbDays);
            }
            if (fullDays < 1) {
                throw new ConfigException("backup.retention.full-days", "must be at least 1, was " + fullDays);
            }
            if (keepLast < 1) {
                throw new ConfigException("backup.retention.keep-last", "must be at least 1, was " + keepLast);
            }
        }
    }
}
