package io.steward.cli;

import io.steward.provision.LocalHome;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Stops the local deployment; {@code --purge} also deletes its data, configs and secrets. */
@Command(name = "down", description = "Stop the local deployment (and with --purge delete its data and secrets).")
final class DownCommand implements Callable<Integer> {

    @ParentCommand
    StewardCli root;

    @Option(names = "--purge", description = "also delete the home: data, configs, secrets, TLS material")
    boolean purge;

    @Override
    public Integer call() {
        Path home = root.home();
        boolean deployed = LocalHome.recordedPlan(home).isPresent();
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
        }
        return ExitCodes.OK;
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
