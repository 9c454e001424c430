package io.steward.cli;

import io.steward.provision.LocalHome;
import java.io.PrintWriter;
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
        List<String> stopped = LocalHome.stop(home, purge);
        PrintWriter out = root.spec.commandLine().getOut();
        if (root.json) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("home", home.toString());
            json.put("stopped", stopped);
            json.put("purged", purge);
            Json.print(out, json);
        } else if (!deployed) {
            out.println("Nothing is deployed in " + home + ".");
        } else {
            out.println(
                    stopped.isEmpty()
                            ? "Nothing was running in " + home + "."
                            : "Stopped " + String.join(", ", stopped) + ".");
            if (purge) {
                out.println("Deleted " + home + " (data, configs, secrets).");
            }
        }
        return ExitCodes.OK;
    }
}
