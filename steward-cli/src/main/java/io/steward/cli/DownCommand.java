package io.steward.cli;

import io.steward.provision.LocalHome;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * Stops the local deployment; {@code --purge} also deletes its data, configs and secrets, the backups in the
 * home and the backup key among them, and says so.
 */
@Command(
        name = "down",
        description = "Stop the local deployment (and with --purge delete its data, secrets, backups and backup key).")
final class DownCommand implements Callable<Integer> {

    @ParentCommand
    StewardCli root;

    @Option(
            names = "--purge",
            description = "also delete everything Steward created in the home: data, configs, secrets, TLS material,"
                    + " the backups in HOME/backups and the backup key secrets/backup.key (without which other copies"
                    + " of those backups cannot be restored)")
    boolean purge;

    @Override
    public Integer call() {
        Path home = root.home();
        boolean deployed = LocalHome.recordedPlan(home).isPresent();
        int backups = purge ? backupsIn(home) : 0;
        boolean backupKey = purge && Files.exists(home.resolve(BACKUP_KEY));
        LocalHome.Purge purged = purge ? LocalHome.purge(home) : null;
        List<String> stopped = purge ? purged.stopped() : LocalHome.stop(home, false);
        PrintWriter out = root.spec.commandLine().getOut();
        if (root.json) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("home", home.toString());
            json.put("stopped", stopped);
            json.put("purged", purge);
            if (purge) {
                json.put("deleted", purged.deleted());
                json.put("kept", purged.kept());
                json.put("backupsDeleted", backups);
                json.put("backupKeyDeleted", backupKey);
            }
            Json.print(out, json);
            return ExitCodes.OK;
        }
        if (!deployed) {
            out.println("Nothing is deployed in " + home + (purge ? "; nothing deleted." : "."));
            return ExitCodes.OK;
        }
        out.println(
                stopped.isEmpty()
                        ? "Nothing was running in " + home + "."
                        : "Stopped " + String.join(", ", stopped) + ".");
        if (purge) {
            printPurge(out, home, purged);
            if (backups > 0 || backupKey) {
                out.println("Deleted " + backups + " backup(s) in " + home.resolve("backups")
                        + (backupKey ? " and the backup key " + home.resolve(BACKUP_KEY) : "")
                        + ": copies kept elsewhere need that key to be restored.");
            }
        }
        return ExitCodes.OK;
    }

    private static final String BACKUP_KEY = "secrets/backup.key";

    /** The backups (folders holding a manifest) in the home's backup directory. */
    private static int backupsIn(Path home) {
        Path dir = home.resolve("backups");
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return (int) entries.filter(e -> !e.getFileName().toString().startsWith("."))
                    .filter(e -> Files.exists(e.resolve("manifest.json")))
                    .count();
        } catch (IOException e) {
            return 0; // purge reports what it could not delete itself
        }
    }

    private static void printPurge(PrintWriter out, Path home, LocalHome.Purge purged) {
        if (!Files.exists(home)) {
            out.println("Deleted " + home + " (" + String.join(", ", purged.deleted()) + ").");
            return;
        }
        out.println("Deleted from " + home + ": " + String.join(", ", purged.deleted()) + ".");
        out.println("Kept " + String.join(", ", purged.kept()) + " in " + home + ": Steward did not create "
                + (purged.kept().size() == 1 ? "it" : "them") + ".");
    }
}
