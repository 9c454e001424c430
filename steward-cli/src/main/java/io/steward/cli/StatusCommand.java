package io.steward.cli;

import io.steward.backup.RestoreJournal;
import io.steward.provision.DeploymentStatus;
import io.steward.provision.LocalHome;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * Processes, ports and roles of the local deployment, and a restore that did not finish. Exit 0 all
 * running, 1 some down or a restore running, 2 none deployed or a restore interrupted.
 */
@Command(name = "status", description = "Show the local deployment's processes, ports and roles.")
final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    StewardCli root;

    @Override
    public Integer call() {
        Path home = root.home();
        Optional<DeploymentStatus> status = LocalHome.inspect(home);
        PrintWriter out = root.spec.commandLine().getOut();
        if (status.isEmpty()) {
            if (root.json) {
                Json.print(out, Map.of("home", home.toString(), "deployed", false));
            } else {
                out.println("Nothing is deployed in " + home + "; start with './steward up'.");
            }
            return ExitCodes.FAILED;
        }
        DeploymentStatus s = status.get();
        Optional<RestoreJournal> restore = RestoreJournal.read(home);
        if (root.json) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("home", home.toString());
            json.put("deployed", true);
            json.put("mode", s.plan().mode().id());
            json.put("profile", s.plan().profile().id());
            json.put("tls", s.plan().tls());
            json.put("supervisorPid", s.supervisorPid() > 0 ? s.supervisorPid() : null);
            List<Map<String, Object>> nodes = s.nodes().stream()
                    .map(n -> {
                        Map<String, Object> node = new LinkedHashMap<>();
                        node.put("name", n.name());
                        node.put("endpoint", n.endpoint().toString());
                        node.put("kind", n.sentinel() ? "sentinel" : "redis");
                        node.put("pid", n.isRunning() ? n.pid() : null);
                        node.put("role", n.role());
                        return node;
                    })
                    .toList();
            json.put("nodes", nodes);
            json.put("restore", restore.map(StatusCommand::restoreJson).orElse(null));
            Json.print(out, json);
        } else {
            out.printf(
                    "%s deployment (%s%s) in %s%n",
                    s.plan().mode().id(), s.plan().profile().id(), s.plan().tls() ? ", tls" : "", home);
            out.printf("supervisor: %s%n%n", s.supervisorPid() > 0 ? "pid " + s.supervisorPid() : "not running");
            out.printf("%-16s %-22s %-8s %s%n", "NODE", "ENDPOINT", "PID", "ROLE");
            for (DeploymentStatus.Node n : s.nodes()) {
                out.printf("%-16s %-22s %-8s %s%n", n.name(), n.endpoint(), n.isRunning() ? n.pid() : "-", n.role());
            }
            restore.ifPresent(r ->
                    out.printf("%n%s: %s.%n", r.isRunning() ? "RESTORE RUNNING" : "RESTORE INTERRUPTED", r.describe()));
        }
        if (restore.isPresent()) {
            return restore.get().isRunning() ? ExitCodes.DEGRADED : ExitCodes.FAILED;
        }
        return s.isComplete() ? ExitCodes.OK : ExitCodes.DEGRADED;
    }

    /** The unfinished restore in {@code status --json}: what, where, since when, how to finish or roll back. */
    static Map<String, Object> restoreJson(RestoreJournal r) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("state", r.isRunning() ? "running" : "interrupted");
        json.put("backupId", r.backupId());
        json.put("target", r.target());
        json.put("startedAt", r.startedAt().toString());
        json.put("pid", r.pid() > 0 ? r.pid() : null);
        json.put("rollbackBackupId", r.rollbackBackupId());
        json.put("finish", r.finishCommand());
        json.put("rollback", r.rollbackCommand().orElse(null));
        json.put("detail", r.describe());
        return json;
    }
}
