package io.steward.server;

import io.javalin.Javalin;
import io.javalin.util.JavalinLogger;
import io.steward.ConfigException;
import io.steward.StewardException;
import io.steward.client.StewardClient;
import io.steward.monitor.history.MetricsHistory;
import io.steward.ops.config.StewardConfig;
import io.steward.ops.health.HealthReport;
import io.steward.server.http.HttpApi;
import io.steward.server.internal.DaemonLock;
import io.steward.server.internal.DeploymentWatch;
import io.steward.server.internal.Schedulers;
import io.steward.server.notify.Notifiers;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Steward daemon for one deployment: the scheduler and its jobs, the metrics history in
 * {@code HOME/history.db}, alerts and notifiers, and the HTTP server. {@link #start} returns once the
 * server listens; the first collection round and health check run at once in the background
 * ({@link #awaitHealthChecked} waits for the latter).
 *
 * <pre>{@code
 * try (StewardDaemon daemon = StewardDaemon.start(config, home, options)) {
 *     System.out.println("dashboard: " + daemon.url());
 *     daemon.awaitClose();
 * }
 * }</pre>
 */
public final class StewardDaemon implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StewardDaemon.class);

    private final DaemonLock lock;
    private final StewardClient client;
    private final MetricsHistory history;
    private final Schedulers schedulers;
    private final DeploymentWatch watch;
    private final Notifiers notifiers;
    private final Javalin http;
    private final URI url;
    private final Object closeLock = new Object();
    private boolean closed;

    private StewardDaemon(StewardConfig config, Path home, DaemonOptions options) {
        String token = readToken(config.server().tokenFile());
        // before anything else: a second daemon on this home must not start a collector or a backup schedule
        this.lock = DaemonLock.acquire(home);
        try {
            this.client = StewardClient.createForNodes(config.clientOptions().build());
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
        MetricsHistory openedHistory = null;
        Schedulers openedSchedulers = null;
        Notifiers openedNotifiers = null;
        DeploymentWatch openedWatch = null;
        Javalin app = null;
        try {
            openedHistory = MetricsHistory.open(home.resolve(MetricsHistory.DEFAULT_FILE_NAME), options.clock());
            openedSchedulers = Schedulers.create(options.clock());
            openedNotifiers = Notifiers.create(config);
            openedWatch =
                    new DeploymentWatch(config, options, client, openedHistory, openedNotifiers, openedSchedulers);
            app = HttpApi.create(openedWatch, token, options.clock());
            listen(app, options);
            openedWatch.schedule();
        } catch (RuntimeException e) {
            if (app != null) {
                app.stop();
            }
            closeQuietly(openedSchedulers, openedWatch, openedNotifiers, openedHistory);
            client.close();
            lock.close();
            throw e;
        }
        this.watch = openedWatch;
        this.history = openedHistory;
        this.schedulers = openedSchedulers;
        this.notifiers = openedNotifiers;
        this.http = app;
        String host = options.bind().contains(":") ? "[" + options.bind() + "]" : options.bind();
        this.url = URI.create("http://" + host + ":" + app.port() + "/");
        lock.describe("serving " + url);
        LOG.info("steward daemon for '{}' listening on {}", config.name(), url);
    }

    /**
     * Starts the daemon for {@code config}, keeping its history in {@code home}.
     *
     * @throws ConfigException when the token file is missing, empty or readable by others
     * @throws StewardException when another daemon runs for {@code home} (its pid and address are named)
     */
    public static StewardDaemon start(StewardConfig config, Path home, DaemonOptions options) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(options, "options");
        return new StewardDaemon(config, home, options);
    }

    /** The port the HTTP server listens on (the chosen one when started on port 0). */
    public int port() {
        return http.port();
    }

    /** The dashboard's base URL, such as {@code http://127.0.0.1:7380/}. */
    public URI url() {
        return url;
    }

    /**
     * Waits until the first health check has run: from then on {@code /health} answers with the
     * deployment's verdict (200 unless critical) instead of 503 "starting". {@code up} waits for it
     * before it reports the deployment up.
     *
     * @return the first report (with an unfinished restore's check), or empty when the check did not
     *     run within {@code timeout}
     */
    public Optional<HealthReport> awaitHealthChecked(Duration timeout) throws InterruptedException {
        return watch.awaitHealthChecked(timeout) ? watch.latestHealth() : Optional.empty();
    }

    /**
     * How many Sentinels the daemon is subscribed to now, so failovers are announced to it at once
     * (0 outside Sentinel mode, and until the background subscribe has finished).
     */
    public int subscribedSentinels() {
        return watch.subscribedSentinels();
    }

    /** Blocks until {@link #close()} is called from another thread. */
    public void awaitClose() throws InterruptedException {
        synchronized (closeLock) {
            while (!closed) {
                closeLock.wait();
            }
        }
    }

    /** Stops the HTTP server and the jobs, delivers queued notifications, closes the history. Idempotent. */
    @Override
    public void close() {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closed = true;
            closeLock.notifyAll();
        }
        http.stop();
        // a running backup is interrupted and gets a minute to remove its partial files
        schedulers.close();
        watch.close();
        notifiers.close();
        history.close();
        client.close();
        lock.close();
    }

    /**
     * Starts Javalin, turning a port that is taken (or an address not local) into a one-line error.
     * Javalin logs its own "Failed to start Javalin" at ERROR before throwing; its logger is off while
     * starting so that the error below is the only one the user sees.
     */
    private static void listen(Javalin app, DaemonOptions options) {
        boolean javalinLogging = JavalinLogger.enabled;
        JavalinLogger.enabled = false;
        try {
            app.start(options.bind(), options.port());
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new StewardException(
                    "the daemon cannot listen on " + options.bind() + ":" + options.port() + " (" + cause.getMessage()
                            + "); stop what uses the port or choose another with 'steward serve --port N'",
                    e);
        } finally {
            JavalinLogger.enabled = javalinLogging;
        }
    }

    private static void closeQuietly(AutoCloseable... resources) {
        for (AutoCloseable r : resources) {
            if (r != null) {
                try {
                    r.close();
                } catch (Exception e) {
                    LOG.debug("closing {} after a failed start: {}", r, e.getMessage());
                }
            }
        }
    }

    /** The token from {@code file}, which must exist, be non-empty and be readable by its owner only. */
    static String readToken(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                throw new ConfigException(
                        file,
                        0,
                        "server.token-file",
                        "no such file; 'steward up' creates it, or write a random token there (mode 0600)");
            }
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.contains(PosixFilePermission.GROUP_READ)
                    || permissions.contains(PosixFilePermission.OTHERS_READ)) {
                throw new ConfigException(file, 0, "server.token-file", "is readable by others; run chmod 600 " + file);
            }
            String token = Files.readString(file).strip();
            if (token.length() < 16) {
                throw new ConfigException(
                        file, 0, "server.token-file", "holds fewer than 16 characters; write a longer random token");
            }
            return token;
        } catch (IOException e) {
            throw new ConfigException(file, 0, "server.token-file", "cannot be read: " + e.getMessage());
        }
    }
}
