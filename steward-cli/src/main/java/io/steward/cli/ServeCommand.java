package io.steward.cli;

import io.steward.ConfigException;
import io.steward.HostAndPort;
import io.steward.ops.config.ServerConfig;
import io.steward.ops.config.StewardConfig;
import io.steward.server.DaemonOptions;
import io.steward.server.StewardDaemon;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Runs the daemon in the foreground against the deployment {@code steward.yaml} describes. */
@Command(
        name = "serve",
        description = "Run the daemon: scheduled metrics, alerts, backups, the dashboard and /metrics,"
                + " for the deployment in steward.yaml. Runs until Ctrl-C.")
final class ServeCommand implements Callable<Integer> {

    @ParentCommand
    StewardCli root;

    @Option(
            names = "--bind",
            paramLabel = "ADDRESS",
            description = "address to listen on (default: server.bind, 127.0.0.1)")
    String bind;

    @Option(names = "--port", paramLabel = "PORT", description = "port to listen on (default: server.port, 7380)")
    Integer port;

    @Override
    public Integer call() throws InterruptedException {
        if (port != null && (port < 1 || port > 65535)) {
            throw new ConfigException("--port", "must be 1-65535, was " + port);
        }
        StewardConfig config = root.loadConfig();
        ServerConfig server = config.server();
        DaemonOptions options = new DaemonOptions(
                bind != null ? bind : server.bind(), port != null ? port : server.port(), Clock.systemDefaultZone());
        if (!HostAndPort.isLoopbackHost(options.bind())) {
            PrintWriter err = root.spec.commandLine().getErr();
            err.println("warning: listening on " + options.bind() + ": the token and the dashboard travel as plain"
                    + " HTTP; put a TLS reverse proxy in front, or bind 127.0.0.1");
            err.flush();
        }
        StewardDaemon daemon = StewardDaemon.start(config, root.home(), options);
        Thread stop = new Thread(daemon::close, "steward-serve-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        PrintWriter out = root.spec.commandLine().getOut();
        out.printf("Steward daemon for '%s' is running.%n", config.name());
        out.printf("  dashboard   %s%n", daemon.url());
        out.printf("  metrics     %smetrics  (Prometheus; Authorization: Bearer <token>)%n", daemon.url());
        out.printf("  health      %shealth   (no token)%n", daemon.url());
        out.printf("  token       in %s%n", server.tokenFile());
        out.println("Ctrl-C stops it.");
        out.flush();
        daemon.awaitClose();
        return ExitCodes.OK;
    }
}
