package io.steward.cli;

import io.steward.StewardException;
import io.steward.ops.config.StewardConfig;
import io.steward.server.DaemonOptions;
import io.steward.server.StewardDaemon;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/** Starts the daemon beside the nodes of a local deployment, for {@code up} and {@code supervise}. */
final class Daemons {

    private Daemons() {}

    /**
     * The daemon on the {@code server} address of {@code config}. A failure to start it (the port is
     * taken) is a warning on {@code err}, since the Redis nodes are fine without it.
     */
    static Optional<StewardDaemon> startBesideNodes(StewardConfig config, Path home, PrintWriter err) {
        try {
            return Optional.of(StewardDaemon.start(
                    config,
                    home,
                    new DaemonOptions(config.server().bind(), config.server().port(), Clock.systemDefaultZone())));
        } catch (StewardException e) {
            err.println("warning: " + e.getMessage() + "; the nodes run without the dashboard.");
            err.flush();
            return Optional.empty();
        }
    }
}
