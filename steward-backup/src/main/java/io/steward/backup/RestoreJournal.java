package io.steward.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.steward.StewardException;
import io.steward.ops.health.Component;
import io.steward.ops.health.HealthCheck;
import io.steward.ops.health.HealthReport;
import io.steward.ops.health.Severity;
import io.steward.provision.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A restore that has begun writing and has not finished, recorded in {@code HOME/restore-journal.json}
 * (mode 0600). The restore writes it before it sends the first key and deletes it only once the
 * target acknowledged every key, so a restore that is killed ({@code kill -9}, a lost machine) or
 * stops part-way leaves it behind, and {@code steward status}, {@code steward health}, the dashboard
 * and {@code /api/events} say that the target holds a partly restored data set until a later
 * restore completes.
 *
 * @param backupId         the backup being restored
 * @param target           where: a node ({@code host:port}) or the deployment
 * @param startedAt        when the restore began writing
 * @param rollbackBackupId the backup taken of the target before the first of these restores began
 *                         writing, to roll back to; null when none was taken
 * @param pid              the restoring process, or -1 when unknown
 * @param processStart     that process's start time in epoch milliseconds, or -1 when unknown; a
 *                         process with the same pid but another start time is not the restore
 */
public record RestoreJournal(
        String backupId, String target, Instant startedAt, String rollbackBackupId, long pid, long processStart) {

    /** The journal's file name in the Steward home. */
    public static final String FILE_NAME = "restore-journal.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public RestoreJournal {
        Objects.requireNonNull(backupId, "backupId");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(startedAt, "startedAt");
    }

    /** A journal for a restore this process begins now. */
    static RestoreJournal begin(String backupId, String target, Instant now, String rollbackBackupId) {
        ProcessHandle self = ProcessHandle.current();
        return new RestoreJournal(backupId, target, now, rollbackBackupId, self.pid(), startMillis(self));
    }

    /**
     * This journal once its restore stopped unfinished in a process that goes on (the daemon, a
     * test): no process is restoring any more, so it reads as interrupted, not running.
     */
    RestoreJournal stopped() {
        return new RestoreJournal(backupId, target, startedAt, rollbackBackupId, -1, -1);
    }

    /** The journal file of {@code home} (it may not exist). */
    public static Path file(Path home) {
        return home.resolve(FILE_NAME);
    }

    /**
     * The unfinished restore recorded in {@code home}, if any. A journal that cannot be parsed is
     * still a restore that did not finish: it is returned with {@code ?} for what is unknown.
     *
     * @throws StewardException when the file exists but cannot be read
     */
    public static Optional<RestoreJournal> read(Path home) {
        Path file = file(home);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StewardException(
                    "cannot read " + file + ": " + e.getMessage() + "; it records a restore that did not finish", e);
        }
        try {
            JsonNode root = JSON.readTree(bytes);
            return Optional.of(new RestoreJournal(
                    root.path("backupId").asText("?"),
                    root.path("target").asText("?"),
                    Instant.parse(root.path("startedAt").asText()),
                    root.path("rollbackBackupId").isTextual()
                            ? root.get("rollbackBackupId").asText()
                            : null,
                    root.path("pid").asLong(-1),
                    root.path("processStart").asLong(-1)));
        } catch (IOException | RuntimeException e) {
            return Optional.of(new RestoreJournal("?", "?", modified(file), null, -1, -1));
        }
    }

    private static Instant modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }

    /**
     * Records this journal as {@code home}'s, owner-only, replacing any other atomically. Restores
     * do this before their first write; it is public so that tools and tests can record one.
     *
     * @throws StewardException when the file cannot be written
     */
    public void write(Path home) {
        ObjectNode root = JSON.createObjectNode();
        root.put("backupId", backupId);
        root.put("target", target);
        root.put("startedAt", startedAt.toString());
        root.put("rollbackBackupId", rollbackBackupId);
        root.put("pid", pid);
        root.put("processStart", processStart);
        Path file = file(home);
        try {
            OwnerOnlyFiles.replace(file, JSON.writeValueAsBytes(root));
        } catch (IOException e) {
            throw new StewardException(
                    "cannot write the restore journal " + file + ": " + e.getMessage() + "; nothing was restored", e);
        }
    }

    /**
     * Deletes {@code home}'s journal.
     *
     * @throws StewardException when it exists and cannot be deleted
     */
    static void clear(Path home) {
        try {
            Files.deleteIfExists(file(home));
        } catch (IOException e) {
            throw new StewardException(
                    "the restore completed, but its journal " + file(home) + " could not be deleted (" + e.getMessage()
                            + "); delete it by hand",
                    e);
        }
    }

    /** Whether the restoring process is still running (on this machine). */
    public boolean isRunning() {
        return pid > 0
                && ProcessHandle.of(pid)
                        .filter(ProcessHandle::isAlive)
                        .filter(h -> processStart < 0 || startMillis(h) == processStart)
                        .isPresent();
    }

    /** The command that completes the restore: the same restore again (keys are replaced). */
    public String finishCommand() {
        return "steward restore " + backupId + " --confirm";
    }

    /** The command that restores the target as it was before, when a pre-restore backup was taken. */
    public Optional<String> rollbackCommand() {
        return Optional.ofNullable(rollbackBackupId).map(id -> "steward restore " + id + " --confirm --no-pre-backup");
    }

    /** One line for people: what is restored where, since when, and how to finish or roll back. */
    public String describe() {
        String what = "restore of backup " + backupId + " into " + target + " started " + startedAt;
        if (isRunning()) {
            return what + " is still running (pid " + pid + "); the data set is incomplete until it finishes";
        }
        return what + " did not finish" + (pid > 0 ? " (process " + pid + " is gone)" : "")
                + ": the data set is partly restored. Finish it with '" + finishCommand() + "'"
                + rollbackCommand()
                        .map(c -> " or roll back with '" + c + "'")
                        .orElse("; no pre-restore backup was taken, so there is nothing to roll back to");
    }

    /**
     * The health check that reports this restore: critical when its process is gone (the data set
     * stays partly restored), a warning while it runs.
     */
    public HealthCheck healthCheck() {
        boolean running = isRunning();
        Map<String, Object> measured = new LinkedHashMap<>();
        measured.put("backup", backupId);
        measured.put("startedAt", startedAt.toString());
        measured.put("running", running);
        if (rollbackBackupId != null) {
            measured.put("rollbackBackup", rollbackBackupId);
        }
        return new HealthCheck(
                Component.REDIS,
                target,
                running ? "restore-running" : "restore-interrupted",
                running ? Severity.WARN : Severity.CRITICAL,
                describe(),
                measured);
    }

    /**
     * {@code report} with the check of a restore that has not finished in {@code home} first, or
     * {@code report} itself when none is recorded: what {@code steward health} and the daemon's
     * {@code /health} answer.
     */
    public static HealthReport withUnfinishedRestore(HealthReport report, Path home) {
        return read(home)
                .map(journal -> {
                    List<HealthCheck> checks = new ArrayList<>();
                    checks.add(journal.healthCheck());
                    checks.addAll(report.checks());
                    return new HealthReport(checks, report.at());
                })
                .orElse(report);
    }

    private static long startMillis(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
    }
}
