package io.steward.cli;

import io.steward.ConfigException;
import io.steward.backup.BackupManifest;
import io.steward.backup.BackupPart;
import io.steward.backup.BackupType;
import io.steward.backup.CleanupReport;
import io.steward.backup.UnlistedBackup;
import io.steward.backup.VerifyReport;
import io.steward.ops.config.BackupConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code steward backup create|list|verify|cleanup}. */
@Command(
        name = "backup",
        description = "Streamed, compressed, encrypted, verified backups.",
        subcommands = {
            BackupCommand.Create.class,
            BackupCommand.ListBackups.class,
            BackupCommand.Verify.class,
            BackupCommand.Cleanup.class
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  ./steward backup create --type full  # adds AOF, config, ACL of local nodes",
            "  ./steward backup list --days-back 7",
            "  ./steward backup cleanup --dry-run   # what retention would delete"
        })
final class BackupCommand implements Callable<Integer> {

    @ParentCommand
    StewardCli root;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return StewardCli.showHelpForMissingSubcommand(spec);
    }

    @Command(name = "create", description = "Stream an RDB (a replica when there is one) into a new encrypted backup.")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        BackupCommand parent;

        @Option(
                names = "--type",
                paramLabel = "TYPE",
                description = "rdb (default) or full (adds AOF, config and ACL of local nodes)")
        String type = "rdb";

        @Option(
                names = "--new-key",
                description = "allow a key no backup in the catalog was made with (a new key file when it is missing)")
        boolean newKey;

        @Override
        public Integer call() {
            BackupType backupType = BackupType.parse(type, "--type");
            StewardCli root = parent.root;
            BackupManifest manifest;
            try (EngineSession session = new EngineSession(root);
                    ProgressDisplay progress = new ProgressDisplay(root.json)) {
                boolean hadKey = Files.exists(session.engine().keyFile());
                manifest = session.engine().create(backupType, "manual", newKey, progress);
                if (!hadKey) {
                    root.spec
                            .commandLine()
                            .getErr()
                            .println("note: created a new backup key at "
                                    + session.engine().keyFile()
                                    + "; copy it somewhere safe, away from the backups: they cannot be restored"
                                    + " without it");
                }
            }
            PrintWriter out = root.spec.commandLine().getOut();
            if (root.json) {
                Json.print(out, describe(manifest));
            } else {
                out.printf(
                        "Backup %s created: %d keys, %s raw, %s stored (%s + %s).%n",
                        manifest.id(),
                        manifest.keys(),
                        size(manifest.rawBytes()),
                        size(manifest.storedBytes()),
                        manifest.compression(),
                        manifest.encryption());
                for (BackupPart part : manifest.parts()) {
                    out.printf(
                            "  %-40s %-6s from %s (%s)%n",
                            part.file(), part.kind().name().toLowerCase(Locale.ROOT), part.source(), part.sourceRole());
                }
                out.println("Check it with: ./steward backup verify " + manifest.id() + " --drill");
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", description = "Published backups, newest first.")
    static final class ListBackups implements Callable<Integer> {
        @ParentCommand
        BackupCommand parent;

        @Option(names = "--days-back", paramLabel = "N", description = "only backups of the last N days")
        Integer daysBack;

        @Override
        public Integer call() {
            if (daysBack != null && daysBack < 1) {
                throw new ConfigException("--days-back", "must be at least 1, was " + daysBack);
            }
            StewardCli root = parent.root;
            List<BackupManifest> backups;
            List<UnlistedBackup> unlisted;
            try (EngineSession session = new EngineSession(root)) {
                backups = session.engine().list(daysBack == null ? null : Duration.ofDays(daysBack));
                unlisted = session.engine().unlisted();
            }
            printList(root, backups);
            PrintWriter err = root.spec.commandLine().getErr();
            for (UnlistedBackup u : unlisted) {
                err.println("warning: not listed: " + u.folder() + ": " + u.detail());
            }
            return unlisted.isEmpty() ? ExitCodes.OK : ExitCodes.DEGRADED;
        }
    }

    @Command(
            name = "verify",
            description = "Decrypt, decompress, check checksums, parse every record; --drill also restores.")
    static final class Verify implements Callable<Integer> {
        @ParentCommand
        BackupCommand parent;

        @Parameters(paramLabel = "ID", description = "the backup to verify")
        String id;

        @Option(
                names = "--drill",
                description = "restore into a throwaway redis-server, compare digests, run redis-check-rdb")
        boolean drill;

        @Override
        public Integer call() {
            StewardCli root = parent.root;
            VerifyReport report;
            try (EngineSession session = new EngineSession(root)) {
                report = session.engine().verify(id, drill);
            }
            PrintWriter out = root.spec.commandLine().getOut();
            if (root.json) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("id", report.id());
                json.put("drill", report.drill());
                json.put("passed", report.passed());
                json.put(
                        "checks",
                        report.checks().stream()
                                .map(c -> {
                                    Map<String, Object> check = new LinkedHashMap<>();
                                    check.put("name", c.name());
                                    check.put("target", c.target());
                                    check.put("passed", c.passed());
                                    check.put("detail", c.detail());
                                    return check;
                                })
                                .toList());
                Json.print(out, json);
            } else {
                for (VerifyReport.Check c : report.checks()) {
                    out.printf("  %-5s %-18s %-28s %s%n", c.passed() ? "ok" : "FAIL", c.name(), c.target(), c.detail());
                }
                out.println(
                        report.passed()
                                ? "Backup " + report.id() + " verified"
                                        + (report.drill() ? " and restored in a drill." : ".")
                                : "Backup " + report.id() + " FAILED verification: "
                                        + report.firstFailure()
                                                .map(VerifyReport.Check::name)
                                                .orElse("no checks ran"));
            }
            return report.passed() ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }

    @Command(
            name = "cleanup",
            description = "Apply retention: rdb 7 days, full 30 days, always keep the last 3 of each.")
    static final class Cleanup implements Callable<Integer> {
        @ParentCommand
        BackupCommand parent;

        @Option(
                names = "--retention-days",
                paramLabel = "N",
                description = "keep N days of every type (default: steward.yaml)")
        Integer retentionDays;

        @Option(names = "--dry-run", description = "only say what would be deleted")
        boolean dryRun;

        @Override
        public Integer call() {
            StewardCli root = parent.root;
            if (retentionDays != null && retentionDays < 1) {
                throw new ConfigException("--retention-days", "must be at least 1, was " + retentionDays);
            }
            CleanupReport report;
            try (EngineSession session = new EngineSession(root)) {
                BackupConfig.Retention retention = session.config().backup().retention();
                if (retentionDays != null) {
                    retention = new BackupConfig.Retention(retentionDays, retentionDays, retention.keepLast());
                }
                report = session.engine().cleanup(retention, dryRun);
            }
            PrintWriter out = root.spec.commandLine().getOut();
            if (root.json) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("dryRun", report.dryRun());
                json.put(
                        "deleted",
                        report.deleted().stream().map(BackupManifest::id).toList());
                json.put("kept", report.kept().stream().map(BackupManifest::id).toList());
                json.put("reclaimedDrafts", report.reclaimedDrafts());
                json.put(
                        "skipped",
                        report.skipped().stream()
                                .map(u -> Map.of("folder", u.folder(), "check", u.check(), "detail", u.detail()))
                                .toList());
                Json.print(out, json);
            } else {
                String verb = report.dryRun() ? "Would delete" : "Deleted";
                out.printf(
                        "%s %d backup(s), kept %d.%n",
                        verb, report.deleted().size(), report.kept().size());
                report.deleted().forEach(m -> out.println("  " + m.id()));
                if (!report.reclaimedDrafts().isEmpty()) {
                    out.printf(
                            "%s %d unfinished backup(s) left by a killed or crashed create.%n",
                            report.dryRun() ? "Would remove" : "Removed",
                            report.reclaimedDrafts().size());
                }
            }
            PrintWriter err = root.spec.commandLine().getErr();
            for (UnlistedBackup u : report.skipped()) {
                err.println(
                        "warning: skipped " + u.folder() + " (neither deleted nor kept by retention): " + u.detail());
            }
            return report.skipped().isEmpty() ? ExitCodes.OK : ExitCodes.DEGRADED;
        }
    }

    static void printList(StewardCli root, List<BackupManifest> backups) {
        PrintWriter out = root.spec.commandLine().getOut();
        if (root.json) {
            Json.print(out, backups.stream().map(BackupCommand::describe).toList());
            return;
        }
        if (backups.isEmpty()) {
            out.println("No backups yet; create one with './steward backup create'.");
            return;
        }
        out.printf(
                "%-32s %-5s %-12s %-21s %10s %10s %10s%n", "ID", "TYPE", "REASON", "CREATED", "KEYS", "RAW", "STORED");
        for (BackupManifest m : backups) {
            out.printf(
                    "%-32s %-5s %-12s %-21s %10d %10s %10s%n",
                    m.id(),
                    m.type().id(),
                    m.reason(),
                    m.createdAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                    m.keys(),
                    size(m.rawBytes()),
                    size(m.storedBytes()));
        }
    }

    static Map<String, Object> describe(BackupManifest m) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", m.id());
        json.put("type", m.type().id());
        json.put("reason", m.reason());
        json.put("createdAt", m.createdAt().toString());
        json.put("redisVersion", m.redisVersion());
        json.put("keys", m.keys());
        json.put("keysPerDb", m.keysPerDb());
        json.put("rawBytes", m.rawBytes());
        json.put("storedBytes", m.storedBytes());
        json.put("compression", m.compression());
        json.put("encryption", m.encryption());
        json.put("keyId", m.keyId());
        json.put(
                "parts",
                m.parts().stream()
                        .map(p -> {
                            Map<String, Object> part = new LinkedHashMap<>();
                            part.put("file", p.file());
                            part.put("kind", p.kind().name().toLowerCase(Locale.ROOT));
                            part.put(
                                    "source",
                                    p.source() == null ? null : p.source().toString());
                            part.put("sourceRole", p.sourceRole());
                            part.put("rawSha256", p.rawSha256());
                            part.put("storedSha256", p.storedSha256());
                            return part;
                        })
                        .toList());
        return json;
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
