package io.steward.cli;

import io.steward.StewardException;
import io.steward.ops.config.StewardConfig;
import io.steward.ops.health.HealthCheck;
import io.steward.ops.health.HealthReport;
import io.steward.ops.health.Severity;
import io.steward.server.DaemonOptions;
import io.steward.server.StewardDaemon;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** Starts the daemon beside the nodes of a local deployment, for {@code up} and {@code supervise}. */
final class Daemons {

    private Daemons() {}

    /** How long {@code up} waits for the daemon's first health check. */
    static final Duration HEALTH_WAIT = Duration.ofSeconds(60);

    /**
     * The daemon on the {@code server} address of {@code config}, returned once its first health check
     * has run, so that {@code /health} answers 200 as soon as {@code up} says the deployment is up. A
     * failure to start it (the port is taken) is a warning on {@code err}, since the Redis nodes are
     * fine without it.
     */
    static Optional<StewardDaemon> startBesideNodes(StewardConfig config, Path home, PrintWriter err)
            throws InterruptedException {
        StewardDaemon daemon;
        try {
            daemon = StewardDaemon.start(
                    config,
                    home,
                    new DaemonOptions(config.server().bind(), config.server().port(), Clock.systemDefaultZone()));
        } catch (StewardException e) {
            err.println("warning: " + e.getMessage() + "; the nodes run without the dashboard.");
            err.flush();
            return Optional.empty();
        }
        try {
            Optional<HealthReport> first = daemon.awaitHealthChecked(HEALTH_WAIT);
            if (first.isEmpty()) {
                err.println("warning: the daemon's first health check did not finish within " + HEALTH_WAIT.toSeconds()
                        + " s; " + daemon.url() + "health answers 503 until it does");
            } else if (first.get().verdict() == Severity.CRITICAL) {
                HealthCheck worst = first.get().problems().get(0);
                err.println("warning: " + daemon.url() + "health answers 503: " + worst.target() + " " + worst.name()
                        + ": " + worst.detail() + "; see 'steward health'");
            }
            err.flush();
        } catch (InterruptedException e) {
            daemon.close();
            throw e;
        }
        return Optional.of(daemon);
    }
}
