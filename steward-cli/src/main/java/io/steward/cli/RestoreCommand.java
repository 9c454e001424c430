package io.steward.cli;

import io.steward.ConfigException;
import io.steward.HostAndPort;
import io.steward.backup.RestoreOptions;
import io.steward.backup.RestoreReport;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code steward restore --list} and {@code steward restore ID --confirm [--no-pre-backup] [--target HOST:PORT]}. */
@Command(name = "restore", description = "Restore a backup (keys are replaced; a pre-restore backup is taken first).")
final class RestoreCommand implements Callable<Integer> {

    @ParentCommand
    StewardCli root;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ID", arity = "0..1", description = "the backup to restore")
    String id;

    @Option(names = "--list", description = "list the backups that can be restored")
    boolean list;

    @Option(names = "--confirm", description = "required: the target's keys with the same names are replaced")
    boolean confirm;

    @Option(names = "--no-pre-backup", description = "do not back up the target first (no roll-back then)")
    boolean noPreBackup;

    @Option(
            names = "--target",
            paramLabel = "HOST:PORT",
            description = "restore into this node instead of the deployment")
    String target;

    @Override
    public Integer call() {
        if (list) {
            try (EngineSession session = new EngineSession(root)) {
                BackupCommand.printList(root, session.engine().list(null));
            }
            return ExitCodes.OK;
        }
        if (id == null) {
            throw new ParameterException(
                    spec.commandLine(), "name the backup to restore (IDs: 'steward restore --list')");
        }
        HostAndPort node = null;
        if (target != null) {
            try {
                node = HostAndPort.parse(target);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("--target", e.getMessage());
            }
        }
        RestoreReport report;
        try (EngineSession session = new EngineSession(root)) {
            if (session.engine().list(null).stream().noneMatch(m -> m.id().equals(id))) {
                throw new ConfigException("ID", "no backup '" + id + "'; see 'steward restore --list'");
            }
            if (!confirm) {
                throw new ConfigException(
                        "--confirm",
                        "restore replaces keys in " + (node == null ? "the deployment" : node)
                                + " with those of backup " + id + "; nothing was changed. Re-run with --confirm");
            }
            report = session.engine().restore(id, new RestoreOptions(true, !noPreBackup, node));
        }
        PrintWriter out = root.spec.commandLine().getOut();
        if (root.json) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", report.id());
            json.put("target", report.target());
            json.put("preRestoreBackup", report.preRestoreBackup());
            json.put("keysExpected", report.keysExpected());
            json.put("keysRestored", report.keysRestored());
            json.put("keysExpired", report.keysExpired());
            json.put("seconds", report.took().toMillis() / 1000.0);
            Json.print(out, json);
        } else {
            out.printf(
                    "Restored %d of %d keys of %s into %s in %.1f s%s.%n",
                    report.keysRestored(),
                    report.keysExpected(),
                    report.id(),
                    report.target(),
                    report.took().toMillis() / 1000.0,
                    report.keysExpired() > 0 ? " (" + report.keysExpired() + " expired keys skipped)" : "");
            if (report.preRestoreBackup() != null) {
                out.println("Roll back with: ./steward restore " + report.preRestoreBackup()
                        + " --confirm --no-pre-backup");
            }
        }
        return report.complete() ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
