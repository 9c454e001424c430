package io.steward.cli;

import io.steward.HostAndPort;
import io.steward.ops.config.ConfigWriter;
import io.steward.provision.AclUser;
import io.steward.provision.DeploymentPlan;
import io.steward.provision.LocalDeployment;
import io.steward.provision.LocalHome;
import io.steward.provision.Profile;
import io.steward.provision.ProvisionException;
import io.steward.provision.RedisBinaries;
import io.steward.provision.TopologyMode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * Renders, starts and supervises a hardened local deployment, returning once it is healthy. In the
 * foreground it runs until Ctrl-C (then stops every node); with {@code -d} a detached supervisor
 * takes over and the command returns.
 */
@Command(name = "up", description = "Start a hardened local Redis (sentinel by default) and wait until healthy.")
final class UpCommand implements Callable<Integer> {

    @ParentCommand
    StewardCli root;

    @Option(names = "--topology", paramLabel = "MODE", description = "standalone, sentinel (default) or cluster")
    String topology;

    @Option(names = "--profile", paramLabel = "PROFILE", description = "development (default) or production")
    String profile;

    @Option(names = "--tls", description = "TLS only: generated CA, server and client certificates; plaintext off")
    Boolean tls;

    @Option(names = "--port-base", paramLabel = "N", description = "shift every default port by N - 6379")
    Integer portBase;

    @Option(
            names = {"-d", "--detach"},
            description = "return once healthy; a background supervisor keeps the nodes running")
    boolean detach;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "how long to wait for health (default: 90)")
    int timeoutSeconds = (int) LocalDeployment.DEFAULT_HEALTHY_TIMEOUT.toSeconds();

    @Override
    public Integer call() throws Exception {
        Path home = root.home();
        DeploymentPlan plan = plan(home);
        RedisBinaries binaries = RedisBinaries.locate(root.environment());
        PrintWriter err = root.spec.commandLine().getErr();
        if (!root.json) {
            err.println("Starting " + describe(plan) + " in " + home + " ...");
            err.flush();
        }
        long started = System.nanoTime();
        LocalDeployment deployment = LocalDeployment.start(plan, home, binaries, Duration.ofSeconds(timeoutSeconds));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        try {
            ConfigWriter.write(LocalConfig.of(plan, home), home.resolve("steward.yaml"));
        } catch (RuntimeException e) {
            deployment.close();
            throw e;
        }
        long supervisorPid;
        if (detach) {
            deployment.detach();
            supervisorPid = spawnSupervisor(home);
        } else {
            supervisorPid = ProcessHandle.current().pid();
            LocalHome.recordSupervisor(home, supervisorPid);
        }
        report(plan, home, took, supervisorPid);
        if (!detach) {
            awaitInterrupt(deployment, home);
        }
        return ExitCodes.OK;
    }

    private DeploymentPlan plan(Path home) {
        Optional<DeploymentPlan> recorded = LocalHome.recordedPlan(home);
        if (recorded.isPresent() && topology == null && profile == null && tls == null && portBase == null) {
            return recorded.get();
        }
        TopologyMode mode = topology == null ? TopologyMode.SENTINEL : TopologyMode.parse(topology, "--topology");
        Profile p = profile == null ? Profile.DEVELOPMENT : Profile.parse(profile, "--profile");
        return DeploymentPlan.local(
                mode, p, Boolean.TRUE.equals(tls), portBase == null ? DeploymentPlan.DEFAULT_PORT_BASE : portBase);
    }

    private static String describe(DeploymentPlan plan) {
        return plan.mode().id() + " deployment (" + plan.profile().id() + (plan.tls() ? ", tls" : "") + ")";
    }

    private long spawnSupervisor(Path home) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(
                "setsid",
                java,
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "--home",
                home.toString(),
                "supervise"));
        Path log = home.resolve("run").resolve("supervisor.log");
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        LocalHome.recordSupervisor(home, process.pid());
        return process.pid();
    }

    private void report(DeploymentPlan plan, Path home, Duration took, long supervisorPid) {
        PrintWriter out = root.spec.commandLine().getOut();
        Path secrets = home.resolve("secrets");
        if (root.json) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("status", "healthy");
            json.put("home", home.toString());
            json.put("mode", plan.mode().id());
            json.put("profile", plan.profile().id());
            json.put("tls", plan.tls());
            json.put("secondsToHealthy", took.toMillis() / 1000.0);
            json.put("redisNodes", names(plan.redisNodes()));
            json.put("sentinels", names(plan.sentinels()));
            json.put("masterName", plan.mode() == TopologyMode.SENTINEL ? plan.masterName() : null);
            json.put("config", home.resolve("steward.yaml").toString());
            json.put("secretsDir", secrets.toString());
            json.put(
                    "users",
                    Arrays.stream(AclUser.values()).map(AclUser::userName).toList());
            json.put("supervisorPid", supervisorPid);
            Json.print(out, json);
            return;
        }
        out.printf("Steward %s is up and healthy in %.1f s.%n%n", describe(plan), took.toMillis() / 1000.0);
        switch (plan.mode()) {
            case STANDALONE ->
                out.printf("  redis       %s%n", plan.redisNodes().get(0));
            case SENTINEL -> {
                out.printf("  master      %s%n", plan.redisNodes().get(0));
                out.printf(
                        "  replicas    %s%n",
                        join(plan.redisNodes().subList(1, plan.redisNodes().size())));
                out.printf("  sentinels   %s (master name '%s')%n", join(plan.sentinels()), plan.masterName());
            }
            case CLUSTER -> {
                int masters = plan.clusterMasters();
                out.printf("  masters     %s%n", join(plan.redisNodes().subList(0, masters)));
                out.printf(
                        "  replicas    %s%n",
                        join(plan.redisNodes()
                                .subList(masters, plan.redisNodes().size())));
            }
        }
        out.printf(
                "  tls         %s%n",
                plan.tls() ? "on, plaintext off; CA and client certificate in " + home.resolve("tls") : "off");
        out.printf("  users       admin, app, monitor, backup, replica, sentinel ('default' is off)%n");
        out.printf("  passwords   %s/<user>.pass (mode 0600)%n", secrets);
        out.printf("  config      %s%n", home.resolve("steward.yaml"));
        out.printf(
                "  supervisor  pid %d restarts crashed nodes%s%n",
                supervisorPid, detach ? "; log " + home.resolve("run").resolve("supervisor.log") : "");
        HostAndPort first = plan.redisNodes().get(0);
        out.println();
        out.println("Next:");
        out.println("  ./steward health      every node and sentinel, with a verdict");
        out.println("  ./steward status      processes, ports and roles");
        out.printf(
                "  REDISCLI_AUTH=\"$(cat %s/app.pass)\" redis-cli --user app -p %d%s%s%n",
                secrets,
                first.port(),
                plan.mode() == TopologyMode.CLUSTER ? " -c" : "",
                plan.tls()
                        ? " --tls --cacert " + home.resolve("tls/ca.crt") + " --cert " + home.resolve("tls/client.crt")
                                + " --key " + home.resolve("tls/client.key")
                        : "");
        out.println(
                detach
                        ? "  ./steward down        stop everything (--purge also deletes data and secrets)"
                        : "  Ctrl-C                stop everything");
        out.flush();
    }

    private static List<String> names(List<HostAndPort> nodes) {
        return nodes.stream().map(HostAndPort::toString).toList();
    }

    private static String join(List<HostAndPort> nodes) {
        return nodes.stream().map(HostAndPort::toString).collect(Collectors.joining(", "));
    }

    private static void awaitInterrupt(LocalDeployment deployment, Path home) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                deployment.close();
                                LocalHome.stop(home, false);
                            } catch (ProvisionException e) {
                                System.err.println("error while stopping: " + e.getMessage());
                            } finally {
                                stopped.countDown();
                            }
                        },
                        "steward-stop"));
        stopped.await();
    }
}
