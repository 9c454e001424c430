package io.steward.cli;

import io.steward.ConfigException;
import io.steward.client.StewardClient;
import io.steward.ha.sentinel.FailoverPlan;
import io.steward.ha.sentinel.FailoverResult;
import io.steward.ha.sentinel.Finding;
import io.steward.ha.sentinel.ResetReport;
import io.steward.ha.sentinel.SentinelAdmin;
import io.steward.ha.sentinel.SentinelReply;
import io.steward.ha.sentinel.SentinelStatus;
import io.steward.ha.sentinel.ValidationReport;
import io.steward.ops.config.StewardConfig;
import io.steward.ops.config.ValueSyntax;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code steward sentinel status|masters|replicas|validate|failover|reset}. Every subcommand reads the
 * deployment's Sentinels through {@link SentinelAdmin}; a deployment not in Sentinel mode is refused with a
 * usage error naming {@code topology.mode}. The commands that change something (failover, reset) print what
 * they would do and exit 1 unless given {@code --confirm}. Rendering is in {@link SentinelJson} and
 * {@link SentinelText}.
 */
@Command(
        name = "sentinel",
        description = "Sentinel administration: status, checks, failover, stale entries.",
        subcommands = {
            SentinelCommand.Status.class,
            SentinelCommand.Masters.class,
            SentinelCommand.Replicas.class,
            SentinelCommand.Validate.class,
            SentinelCommand.Failover.class,
            SentinelCommand.Reset.class
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  ./steward sentinel status            # every Sentinel's view; exit 0, 1 or 2",
            "  ./steward sentinel validate          # safe-practice checks with fixes",
            "  ./steward sentinel failover --confirm --timeout 90s",
            "  ./steward sentinel reset --confirm   # clear stale replica entries"
        })
final class SentinelCommand implements Callable<Integer> {

    @ParentCommand
    StewardCli root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return StewardCli.showHelpForMissingSubcommand(spec);
    }

    /**
     * Runs {@code work} with an engine for the deployment, closing its client afterwards.
     *
     * @throws ConfigException naming {@code topology.mode} when the deployment is not in Sentinel mode
     */
    <T> T withAdmin(Function<SentinelAdmin, T> work) {
        StewardConfig config = root.loadConfig();
        try (StewardClient client =
                StewardClient.createForNodes(config.clientOptions().build())) {
            return work.apply(SentinelAdmin.of(config, client));
        }
    }

    /** Prints {@code json} under {@code --json}, else the text {@code text} writes; returns {@code exitCode}. */
    int render(Object json, Consumer<PrintWriter> text, int exitCode) {
        PrintWriter out = root.spec.commandLine().getOut();
        if (root.json) {
            Json.print(out, json);
        } else {
            text.accept(out);
        }
        return exitCode;
    }

    static int exitCode(Finding.Severity worst) {
        return switch (worst) {
            case INFO -> ExitCodes.OK;
            case WARNING -> ExitCodes.DEGRADED;
            case ERROR -> ExitCodes.FAILED;
        };
    }

    @Command(
            name = "status",
            description = "Each Sentinel's view of the master, agreement, CKQUORUM, replicas with lag, stale entries;"
                    + " exit 0 ok, 1 warnings, 2 errors.",
            footerHeading = "%nExamples:%n",
            footer = {"  ./steward sentinel status", "  ./steward --json sentinel status"})
    static final class Status implements Callable<Integer> {
        @ParentCommand
        SentinelCommand parent;

        @Override
        public Integer call() {
            SentinelStatus status = parent.withAdmin(SentinelAdmin::status);
            return parent.render(
                    SentinelJson.status(status), out -> SentinelText.status(out, status), exitCode(status.worst()));
        }
    }

    @Command(
            name = "masters",
            description = "What each Sentinel answers to SENTINEL MASTERS; exit 1 when one cannot be reached.",
            footerHeading = "%nExamples:%n",
            footer = {"  ./steward --json sentinel masters"})
    static final class Masters implements Callable<Integer> {
        @ParentCommand
        SentinelCommand parent;

        @Override
        public Integer call() {
            return parent.printReplies(parent.withAdmin(SentinelAdmin::masters), "name");
        }
    }

    @Command(
            name = "replicas",
            description = "What each Sentinel answers to SENTINEL REPLICAS; exit 1 when one cannot be reached.",
            footerHeading = "%nExamples:%n",
            footer = {"  ./steward sentinel replicas"})
    static final class Replicas implements Callable<Integer> {
        @ParentCommand
        SentinelCommand parent;

        @Override
        public Integer call() {
            return parent.printReplies(parent.withAdmin(SentinelAdmin::replicas), "ip");
        }
    }

    int printReplies(List<SentinelReply> replies, String lead) {
        long unreachable = replies.stream().filter(r -> !r.isReachable()).count();
        return render(
                Map.of("sentinels", replies.stream().map(SentinelJson::reply).toList()),
                out -> SentinelText.replies(out, replies, lead),
                unreachable == 0
                        ? ExitCodes.OK
                        : unreachable == replies.size() ? ExitCodes.FAILED : ExitCodes.DEGRADED);
    }

    @Command(
            name = "validate",
            description = "Check the Sentinels against safe practice and explain each finding with its fix;"
                    + " exit 0 ok, 1 warnings, 2 errors.",
            footerHeading = "%nExamples:%n",
            footer = {"  ./steward sentinel validate", "  ./steward --json sentinel validate"})
    static final class Validate implements Callable<Integer> {
        @ParentCommand
        SentinelCommand parent;

        @Override
        public Integer call() {
            ValidationReport report = parent.withAdmin(SentinelAdmin::validate);
            return parent.render(
                    SentinelJson.validation(report),
                    out -> {
                        SentinelText.findings(out, report.findings(), true);
                        out.printf("%nverdict: %s%n", SentinelJson.verdict(report.worst()));
                    },
                    exitCode(report.worst()));
        }
    }

    @Command(
            name = "failover",
            description = "SENTINEL FAILOVER, then wait until the new master and every Sentinel confirm it; without"
                    + " --confirm print the master, the Sentinels to ask and the candidates, change nothing and exit"
                    + " 1. Exit 2 when not confirmed in time or when no majority of the Sentinels names a master.",
            footerHeading = "%nExamples:%n",
            footer = {
                "  ./steward sentinel failover             # the plan only",
                "  ./steward sentinel failover --confirm",
                "  ./steward --json sentinel failover --confirm --timeout 2m"
            })
    static final class Failover implements Callable<Integer> {
        @ParentCommand
        SentinelCommand parent;

        @Option(names = "--confirm", description = "fail over (without it: print the plan, exit 1)")
        boolean confirm;

        @Option(
                names = "--timeout",
                paramLabel = "DURATION",
                description = "how long to wait for the confirmation, such as 60s or 2m (default 60s)")
        String timeout = "60s";

        @Override
        public Integer call() {
            Duration wait = parseDuration(timeout, "--timeout");
            if (!confirm) {
                FailoverPlan plan = parent.withAdmin(SentinelAdmin::planFailover);
                return parent.render(
                        SentinelJson.failoverPlan(plan),
                        out -> SentinelText.failoverPlan(out, plan),
                        ExitCodes.DEGRADED);
            }
            FailoverResult result = parent.withAdmin(admin -> admin.failover(wait));
            return parent.render(
                    SentinelJson.failover(result),
                    out -> SentinelText.failover(out, result),
                    result.completed() ? ExitCodes.OK : ExitCodes.FAILED);
        }
    }

    @Command(
            name = "reset",
            description = "Clear stale replica entries with SENTINEL RESET, one Sentinel at a time; without"
                    + " --confirm print the plan, change nothing and exit 1 when there is something to do.",
            footerHeading = "%nExamples:%n",
            footer = {"  ./steward sentinel reset             # the plan only", "  ./steward sentinel reset --confirm"})
    static final class Reset implements Callable<Integer> {
        @ParentCommand
        SentinelCommand parent;

        @Option(names = "--confirm", description = "reset the Sentinels listing stale entries")
        boolean confirm;

        @Option(
                names = "--forget-down",
                description = "also forget replicas that are down and not replicating; only for nodes gone for good"
                        + " (a forgotten node that comes back is a second master)")
        boolean forgetDown;

        @Option(
                names = "--timeout",
                paramLabel = "DURATION",
                description = "how long each Sentinel may take to rediscover replicas and Sentinels (default 30s)")
        String timeout = "30s";

        @Override
        public Integer call() {
            Duration wait = parseDuration(timeout, "--timeout");
            ResetReport report = parent.withAdmin(admin -> admin.reset(confirm, forgetDown, wait));
            int exit = report.targets().isEmpty()
                    ? ExitCodes.OK
                    : !report.confirmed() ? ExitCodes.DEGRADED : report.succeeded() ? ExitCodes.OK : ExitCodes.FAILED;
            return parent.render(SentinelJson.reset(report), out -> SentinelText.reset(out, report), exit);
        }
    }

    /**
     * A duration in the grammar of {@code steward.yaml} ({@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}).
     *
     * @throws ConfigException naming {@code option} when the text is not a duration, or is zero
     */
    static Duration parseDuration(String text, String option) {
        Duration d;
        try {
            d = ValueSyntax.duration(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(option, e.getMessage());
        }
        if (d.isZero()) {
            throw new ConfigException(option, "must be more than 0, was '" + text + "'");
        }
        return d;
    }
}
