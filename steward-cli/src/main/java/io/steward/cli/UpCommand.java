package io.steward.cli;

import io.steward.ConfigException;
import io.steward.HostAndPort;
import io.steward.ops.config.ServerConfig;
import io.steward.ops.config.StewardConfig;
import io.steward.provision.AclUser;
import io.steward.provision.DeploymentPlan;
import io.steward.provision.LocalDeployment;
import io.steward.provision.LocalHome;
import io.steward.provision.Profile;
import io.steward.provision.ProvisionException;
import io.steward.provision.RedisBinaries;
import io.steward.provision.SecretStore;
import io.steward.provision.TopologyMode;
import io.steward.server.StewardDaemon;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
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
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * Renders, starts and supervises a hardened local deployment, returning once it is healthy. In the
 * foreground it runs until Ctrl-C (then stops every node); with {@code -d} a detached supervisor
 * takes over and the command returns.
 */
@Command(
        name = "up",
        description = "Start a hardened local Redis (sentinel by default) and wait until healthy.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  ./steward up -d                            # sentinel topology, detached",
            "  ./steward up -d --topology cluster --tls   # 3 masters, 3 replicas, TLS",
            "  ./steward --home /tmp/b up -d --port-base 16379   # a second deployment"
        })
final class UpCommand implements Callable<Integer> {

    @ParentCommand
    StewardCli root;

    @Option(names = "--topology", paramLabel = "MODE", description = "standalone, sentinel (default) or cluster")
    String topology;

    @Option(names = "--profile", paramLabel = "PROFILE", description = "development (default) or production")
    String profile;

    @Option(names = "--tls", description = "TLS only: generated CA, server and client certificates; plaintext off")
    Boolean tls;

    @Option(
            names = "--port-base",
            paramLabel = "N",
            description = "shift every default port by N - 6379; N from 1024 to 45533 (so sentinels at"
                    + " N + 20000 stay below 65536)")
    Integer portBase;

    @Option(
            names = {"-d", "--detach"},
            description = "return once healthy; a background supervisor keeps the nodes running")
    boolean detach;

    /** JVM start, adopting the nodes and the daemon's first health check ({@link Daemons#HEALTH_WAIT} at most). */
    private static final Duration SUPERVISOR_START_TIMEOUT = Daemons.HEALTH_WAIT.plusSeconds(30);

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "how long to wait for health (default: 90)")
    int timeoutSeconds = (int) LocalDeployment.DEFAULT_HEALTHY_TIMEOUT.toSeconds();

    @Override
    public Integer call() throws Exception {
        if (timeoutSeconds < 1) {
            throw new ConfigException("--timeout", "must be at least 1 second, was " + timeoutSeconds);
        }
        if (root.config != null) {
            // the supervisor and 'down' find the deployment by its home, so another file would be ignored
            throw new ConfigException(
                    "--config",
                    "'up' always uses HOME/steward.yaml; edit " + root.home().resolve("steward.yaml")
                            + " (kept across 'up'), or choose another deployment with --home DIR");
        }
        Path home = root.home();
        DeploymentPlan plan = plan(home);
        LocalConfig.existing(plan, home, root.environment()); // a file describing another deployment: refuse now
        RedisBinaries binaries = RedisBinaries.locate(root.environment());
        PrintWriter err = root.spec.commandLine().getErr();
        LocalDeployment.refuseUnlessStartable(plan, home); // refuse before saying anything starts
        if (!root.json) {
            err.println("Starting " + describe(plan) + " in " + home + " ...");
            err.flush();
        }
        // Registered before anything starts: a Ctrl-C or SIGTERM at any point stops every node.
        AtomicReference<LocalDeployment> running = new AtomicReference<>();
        AtomicReference<StewardDaemon> daemon = new AtomicReference<>();
        Thread stopAll = new Thread(
                () -> {
                    if (daemon.get() != null) {
                        daemon.get().close();
                    }
                    stopAll(running.get(), home);
                },
                "steward-stop");
        Runtime.getRuntime().addShutdownHook(stopAll);
        long started = System.nanoTime();
        LocalDeployment deployment;
        try {
            deployment = LocalDeployment.prepare(plan, home, binaries);
            running.set(deployment); // from here the hook's close() stops what launch() has started
            deployment.launch(Duration.ofSeconds(timeoutSeconds));
        } catch (RuntimeException e) {
            removeUnlessExiting(stopAll);
            throw e;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        // Roles as the nodes report them: after a failover the first planned node is a replica.
        List<HostAndPort> masters = plan.redisNodes().stream()
                .filter(n -> "master".equals(deployment.roleOf(n)))
                .toList();
        StewardConfig config;
        try {
            config = LocalConfig.settle(plan, home, root.environment());
            if (detach) {
                deployment.detach();
                running.set(null);
                long supervisorPid = spawnSupervisor(home);
                removeUnlessExiting(stopAll);
                report(plan, masters, home, took, supervisorPid, listening(config) ? config.server() : null);
                return ExitCodes.OK;
            }
        } catch (RuntimeException | IOException e) {
            removeUnlessExiting(stopAll);
            stopAll(running.get(), home);
            throw e;
        }
        LocalHome.recordSupervisor(home, ProcessHandle.current());
        daemon.set(Daemons.startBesideNodes(config, home, err).orElse(null));
        report(plan, masters, home, took, ProcessHandle.current().pid(), daemon.get() != null ? config.server() : null);
        new CountDownLatch(1).await(); // until Ctrl-C: the shutdown hook stops everything
        return ExitCodes.OK;
    }

    /** Removes the hook, unless the JVM is already exiting (then the hook is running or has run). */
    private static void removeUnlessExiting(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shutdownInProgress) {
            // the hook stops everything
        }
    }

    private static void stopAll(LocalDeployment deployment, Path home) {
        try {
            if (deployment != null) {
                deployment.close();
            }
            LocalHome.stop(home, false);
        } catch (RuntimeException e) {
            System.err.println("error while stopping: " + e.getMessage());
        }
    }

    /**
     * The recorded plan of the home, with what the flags change; without a recorded plan, the
     * flags over the defaults (sentinel, development, no TLS, port base 6379).
     */
    private DeploymentPlan plan(Path home) {
        Optional<DeploymentPlan> recorded = LocalHome.recordedPlan(home);
        TopologyMode mode = topology != null
                ? TopologyMode.parse(topology, "--topology")
                : recorded.map(DeploymentPlan::mode).orElse(TopologyMode.SENTINEL);
        Profile p = profile != null
                ? Profile.parse(profile, "--profile")
                : recorded.map(DeploymentPlan::profile).orElse(Profile.DEVELOPMENT);
        boolean useTls = tls != null ? tls : recorded.map(DeploymentPlan::tls).orElse(false);
        int base = portBase != null
                ? portBase
                : recorded.map(DeploymentPlan::localPortBase).orElse(DeploymentPlan.DEFAULT_PORT_BASE);
        DeploymentPlan wanted = DeploymentPlan.local(mode, p, useTls, base);
        return recorded.filter(r -> r.equals(wanted.withRole(r.role()))).orElse(wanted);
    }

    private static String describe(DeploymentPlan plan) {
        return plan.mode().id() + " deployment (" + plan.profile().id() + (plan.tls() ? ", tls" : "") + ")";
    }

    /**
     * Starts {@code steward supervise} in its own session and waits until it has adopted the nodes
     * and recorded itself.
     *
     * @throws ProvisionException when it exits or does not record itself in time (see its log)
     */
    private long spawnSupervisor(Path home) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of("setsid", java));
        // the heap and GC flags 'up' was started with (the launcher's daemon settings) carry over
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(arg -> arg.startsWith("-Xm") || arg.startsWith("-XX:"))
                .forEach(command::add);
        command.addAll(List.of(
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
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        long deadline = System.nanoTime() + SUPERVISOR_START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            if (LocalHome.supervisor(home).map(h -> h.pid() == process.pid()).orElse(false)) {
                return process.pid();
            }
            Thread.sleep(50);
        }
        process.destroyForcibly();
        throw new ProvisionException(
                "the background supervisor did not start (" + (process.isAlive() ? "no answer" : "exited") + "); see "
                        + log + ". Stopped every node; run 'steward up' in the foreground to see the error");
    }

    /** Whether the supervisor's daemon accepts connections on the configured port. */
    private static boolean listening(StewardConfig config) {
        try (Socket socket = new Socket()) {
            socket.connect(
                    new InetSocketAddress(
                            config.server().bind(), config.server().port()),
                    1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void report(
            DeploymentPlan plan,
            List<HostAndPort> masters,
            Path home,
            Duration took,
            long supervisorPid,
            ServerConfig dashboard) {
        String dashboardUrl = dashboard == null ? null : "http://" + dashboard.bind() + ":" + dashboard.port() + "/";
        List<HostAndPort> replicas =
                plan.redisNodes().stream().filter(n -> !masters.contains(n)).toList();
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
            json.put("masters", names(masters));
            json.put("sentinels", names(plan.sentinels()));
            json.put("masterName", plan.mode() == TopologyMode.SENTINEL ? plan.masterName() : null);
            json.put("config", home.resolve("steward.yaml").toString());
            json.put("secretsDir", secrets.toString());
            json.put(
                    "users",
                    Arrays.stream(AclUser.values()).map(AclUser::userName).toList());
            json.put("supervisorPid", supervisorPid);
            json.put("dashboard", dashboardUrl);
            json.put(
                    "dashboardTokenFile",
                    SecretStore.in(home.resolve("secrets")).dashboardTokenFile().toString());
            Json.print(out, json);
            return;
        }
        out.printf("Steward %s is up and healthy in %.1f s.%n%n", describe(plan), took.toMillis() / 1000.0);
        switch (plan.mode()) {
            case STANDALONE ->
                out.printf("  redis       %s%n", plan.redisNodes().get(0));
            case SENTINEL -> {
                out.printf("  master      %s%n", join(masters));
                out.printf("  replicas    %s%n", join(replicas));
                out.printf("  sentinels   %s (master name '%s')%n", join(plan.sentinels()), plan.masterName());
            }
            case CLUSTER -> {
                out.printf("  masters     %s%n", join(masters));
                out.printf("  replicas    %s%n", join(replicas));
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
        if (dashboard != null) {
            out.printf("  dashboard   %s  token %s%n", dashboardUrl, readToken(dashboard.tokenFile()));
            out.printf("  metrics     %smetrics (Prometheus, Authorization: Bearer <token>)%n", dashboardUrl);
        } else {
            out.printf(
                    "  dashboard   not running%s%n",
                    detach ? "; see " + home.resolve("run").resolve("supervisor.log") : "");
        }
        HostAndPort first = masters.isEmpty() ? plan.redisNodes().get(0) : masters.get(0);
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

    /** The token, shown once on the user's terminal (never in --json output or logs). */
    private static String readToken(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            return "(unreadable: " + file + ")";
        }
    }

    private static List<String> names(List<HostAndPort> nodes) {
        return nodes.stream().map(HostAndPort::toString).toList();
    }

    private static String join(List<HostAndPort> nodes) {
        return nodes.stream().map(HostAndPort::toString).collect(Collectors.joining(", "));
    }
}
