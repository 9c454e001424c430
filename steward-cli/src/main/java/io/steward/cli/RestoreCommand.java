package io.steward.cli;

import io.steward.ConfigException;
import io.steward.HostAndPort;
import io.steward.backup.BackupEngine;
import io.steward.backup.ForeignTargetException;
import io.steward.backup.RestoreOptions;
import io.steward.backup.RestoreReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code steward restore --list} and {@code steward restore ID --confirm [--no-pre-backup] [--target HOST:PORT
 * [--foreign-target --target-user USER (--target-password-file FILE | --target-password-env VAR)]]}.
 */
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

    @Option(
            names = "--foreign-target",
            description = "the --target is outside the deployment: log in with --target-user and its password")
    boolean foreignTarget;

    @Option(names = "--target-user", paramLabel = "USER", description = "the user on a --foreign-target")
    String targetUser;

    @Option(
            names = "--target-password-file",
            paramLabel = "FILE",
            description = "file (mode 0600) holding --target-user's password")
    Path targetPasswordFile;

    @Option(
            names = "--target-password-env",
            paramLabel = "VAR",
            description = "environment variable holding --target-user's password")
    String targetPasswordEnv;

    /**
     * Whether {@link #id} names a folder of the catalog: a listed backup, or one left out of the list (copied
     * under another id, edited, another key), which the restore itself then refuses, saying why.
     */
    private boolean isInCatalog(BackupEngine engine) {
        return engine.list(null).stream().anyMatch(m -> m.id().equals(id))
                || engine.unlisted().stream().anyMatch(u -> u.folder().equals(id));
    }

    @Override
    public Integer call() {
        if (list && id != null) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--list takes no ID: use 'steward restore --list' or 'steward restore ID --confirm'");
        }
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
        if (!confirm) {
            throw new ConfigException(
                    "--confirm",
                    "restore replaces keys in " + (node == null ? "the deployment" : node) + " with those of backup "
                            + id + "; nothing was changed. Re-run with --confirm");
        }
        RestoreOptions.Credentials credentials = foreignCredentials(node);
        RestoreReport report;
        try (EngineSession session = new EngineSession(root)) {
            if (!isInCatalog(session.engine())) {
                throw new ConfigException("ID", "no backup '" + id + "'; see 'steward restore --list'");
            }
            try {
                report = session.engine().restore(id, new RestoreOptions(true, !noPreBackup, node, credentials));
            } catch (ForeignTargetException e) {
                throw new ConfigException(
                        "--target",
                        e.getMessage() + ". To restore into a server outside the deployment, add --foreign-target"
                                + " with --target-user USER and --target-password-file FILE or --target-password-env VAR");
            }
        } finally {
            if (credentials != null) {
                Arrays.fill(credentials.password(), '\0');
            }
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

    /**
     * The credentials for a {@code --foreign-target}, or null without one. Every combination that
     * does not name a user and exactly one password source is a usage error, found before anything
     * is sent anywhere; the password never comes from the command line.
     */
    private RestoreOptions.Credentials foreignCredentials(HostAndPort node) {
        boolean loginGiven = targetUser != null || targetPasswordFile != null || targetPasswordEnv != null;
        if (!foreignTarget) {
            if (loginGiven) {
                throw new ConfigException(
                        targetUser != null
                                ? "--target-user"
                                : targetPasswordFile != null ? "--target-password-file" : "--target-password-env",
                        "only with --foreign-target; a node of the deployment is reached with the deployment's"
                                + " credentials");
            }
            return null;
        }
        if (node == null) {
            throw new ConfigException("--foreign-target", "only with --target HOST:PORT");
        }
        if (targetUser == null || targetUser.isBlank()) {
            throw new ConfigException(
                    "--target-user", "required with --foreign-target: the user to log in as on " + node);
        }
        if ((targetPasswordFile == null) == (targetPasswordEnv == null)) {
            throw new ConfigException(
                    "--target-password-file",
                    "give " + targetUser + "'s password on " + node
                            + " either in a file (mode 0600) or with --target-password-env VAR, never on the"
                            + " command line");
        }
        char[] password = targetPasswordFile != null
                ? passwordFromFile(targetPasswordFile)
                : passwordFromEnvironment(targetPasswordEnv);
        return new RestoreOptions.Credentials(targetUser, password);
    }

    private static char[] passwordFromFile(Path file) {
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            if (mode.stream()
                    .anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
                throw new ConfigException(
                        "--target-password-file",
                        file + " is readable by others (mode " + PosixFilePermissions.toString(mode)
                                + "); run 'chmod 600 " + file + "' first");
            }
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (text.isEmpty()) {
                throw new ConfigException("--target-password-file", file + " is empty");
            }
            return text.toCharArray();
        } catch (IOException e) {
            throw new ConfigException("--target-password-file", "cannot read " + file + ": " + e.getMessage());
        }
    }

    private char[] passwordFromEnvironment(String variable) {
        String value = root.environment().get(variable);
        if (value == null || value.isEmpty()) {
            throw new ConfigException("--target-password-env", "environment variable " + variable + " is not set");
        }
        return value.toCharArray();
    }
}
