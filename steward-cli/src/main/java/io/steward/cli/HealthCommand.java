package io.steward.cli;

import io.steward.ConfigException;
import io.steward.backup.RestoreJournal;
import io.steward.client.StewardClient;
import io.steward.ops.config.StewardConfig;
import io.steward.ops.health.Component;
import io.steward.ops.health.HealthCheck;
import io.steward.ops.health.HealthMonitor;
import io.steward.ops.health.HealthReport;
import io.steward.ops.health.Severity;
import io.steward.provision.TopologyMode;
import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Checks every node, Sentinel and cluster against thresholds. Exit 0 healthy, 1 degraded, 2 critical. */
@Command(
        name = "health",
        description = "Check every node, sentinel and threshold; exit 0 healthy, 1 degraded, 2 critical.")
final class HealthCommand implements Callable<Integer> {

    @ParentCommand
    StewardCli root;

    @Option(names = "--component", paramLabel = "NAME", description = "only redis, sentinel or cluster checks")
    String component;

    @Override
    public Integer call() {
        Set<Component> components = components();
        StewardConfig config = root.loadConfig();
        TopologyMode mode = config.topology().mode();
        if (components.contains(Component.SENTINEL) && component != null && mode != TopologyMode.SENTINEL
                || components.contains(Component.CLUSTER) && component != null && mode != TopologyMode.CLUSTER) {
            throw new ConfigException(
                    "--component",
                    "a " + mode.id() + " deployment has no " + component + " component; use redis"
                            + (mode == TopologyMode.STANDALONE ? "" : " or " + mode.id()));
        }
        HealthReport report;
        try (StewardClient client =
                StewardClient.createForNodes(config.clientOptions().build())) {
            report = HealthMonitor.create(config, client).check(components);
        }
        if (components.contains(Component.REDIS)) {
            report = RestoreJournal.withUnfinishedRestore(report, config.baseDir());
        }
        print(report);
        return switch (report.verdict()) {
            case OK -> ExitCodes.OK;
            case WARN -> ExitCodes.DEGRADED;
            case CRITICAL -> ExitCodes.FAILED;
        };
    }

    private Set<Component> components() {
        if (component == null) {
            return EnumSet.allOf(Component.class);
        }
        for (Component c : Component.values()) {
            if (c.cliName().equalsIgnoreCase(component.trim())) {
                return EnumSet.of(c);
            }
        }
        throw new ConfigException(
                "--component", "unknown component '" + component + "'; allowed: redis, sentinel, cluster");
    }

    private void print(HealthReport report) {
        PrintWriter out = root.spec.commandLine().getOut();
        if (root.json) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("verdict", name(report.verdict()));
            json.put("at", report.at().toString());
            List<Map<String, Object>> checks = report.checks().stream()
                    .map(c -> {
                        Map<String, Object> check = new LinkedHashMap<>();
                        check.put("component", c.component().cliName());
                        check.put("target", c.target());
                        check.put("name", c.name());
                        check.put("severity", c.severity().name().toLowerCase(Locale.ROOT));
                        check.put("detail", c.detail());
                        check.put("measured", c.measured());
                        return check;
                    })
                    .toList();
            json.put("checks", checks);
            Json.print(out, json);
            return;
        }
        String lastTarget = null;
        for (HealthCheck c : report.checks()) {
            String target = c.component().cliName() + " " + c.target();
            if (!target.equals(lastTarget)) {
                out.println(target);
                lastTarget = target;
            }
            out.printf("  %-8s %-22s %s%n", badge(c.severity()), c.name(), c.detail());
        }
        out.println();
        out.printf(
                "verdict: %s (%d ok, %d warn, %d critical)%n",
                name(report.verdict()).toUpperCase(Locale.ROOT),
                report.count(Severity.OK),
                report.count(Severity.WARN),
                report.count(Severity.CRITICAL));
    }

    private static String badge(Severity severity) {
        return switch (severity) {
            case OK -> "ok";
            case WARN -> "WARN";
            case CRITICAL -> "CRIT";
        };
    }

    private static String name(Severity severity) {
        return switch (severity) {
            case OK -> "healthy";
            case WARN -> "degraded";
            case CRITICAL -> "critical";
        };
    }
}
