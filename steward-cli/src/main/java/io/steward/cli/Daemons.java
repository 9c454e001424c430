package io.steward.cli;

import io.steward.StewardException;
import io.steward.ops.config.StewardConfig;
import io.steward.server.DaemonOptions;
import io.steward.server.StewardDaemon;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/** Starts the daemon for {@code up}, {@code supervise} and {@code serve}. */
final class Daemons {

    private Daemons() {}

    /** The daemon on the {@code server} address of {@code config}. */
    static StewardDaemon start(StewardConfig config, Path home) {
        return StewardDaemon.start(
                config,
                home,
                new DaemonOptions(config.server().bind(), config.server().port(), Clock.systemUTC()));
    }

    /**
     * The daemon for a local deployment that is already running: a failure to start it (the port is
     * taken) is a warning on {@code err}, since the Redis nodes are fine without it.
     */
    static Optional<StewardDaemon> startBesideNodes(StewardConfig config, Path home, PrintWriter err) {
        try {
            return Optional.of(start(config, home));
        } catch (StewardException | IllegalStateException e) {
            err.println(
                    "warning: the dashboard did not start on " + config.server().bind() + ":"
                            + config.server().port() + " (" + rootMessage(e)
                            + "); the nodes run without it. Try './steward serve' once the port is free.");
            err.flush();
            return Optional.empty();
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
