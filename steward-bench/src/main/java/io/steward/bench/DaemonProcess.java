package io.steward.bench;

import io.steward.StewardException;
import io.steward.ops.config.ConfigWriter;
import io.steward.ops.config.StewardConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The Steward daemon as a user runs it, in a JVM of its own: {@code java -jar steward.jar --home DIR
 * --config FILE serve --port P}, with the JVM flags {@code ./steward serve} passes ({@link #JVM_FLAGS}). Its
 * resident memory is then the daemon's alone. {@link #close()} sends SIGTERM (the CLI's shutdown hook
 * closes the daemon), then SIGKILL after {@link #STOP_TIMEOUT}.
 */
final class DaemonProcess implements AutoCloseable {

    /** What ./steward passes for {@code serve} and {@code up} when STEWARD_DAEMON_JAVA_OPTS is unset. */
    static final List<String> JVM_FLAGS = List.of(
            "-XX:+UseSerialGC", "-Xmx128m", "-XX:TieredStopAtLevel=1", "-Xss512k", "-XX:ReservedCodeCacheSize=32m");

    static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

    private final Process process;
    private final Path log;
    private final URI metrics;
    private final List<String> command;

    private DaemonProcess(Process process, Path log, URI metrics, List<String> command) {
        this.process = process;
        this.log = log;
        this.metrics = metrics;
        this.command = command;
    }

    /**
     * {@code steward-cli/target/steward.jar} of the source tree this benchmark was built from (found
     * from the location of the benchmark's classes), if it has been built.
     */
    static Optional<Path> stewardJar() {
        try {
            Path code = Path.of(DaemonProcess.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            // steward-bench/target/steward-bench.jar or steward-bench/target/classes
            Path module = code.getParent() == null ? null : code.getParent().getParent();
            if (module == null || module.getParent() == null) {
                return Optional.empty();
            }
            Path jar =
                    module.getParent().resolve("steward-cli").resolve("target").resolve("steward.jar");
            return Files.isRegularFile(jar) ? Optional.of(jar) : Optional.empty();
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static Instant modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            throw new StewardException("cannot read the time of " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code config} to {@code configFile} and starts the daemon with its history in
     * {@code home}; returns once its {@code /metrics} shows a first collection round.
     *
     * @throws StewardException when it does not start or exits
     */
    static DaemonProcess start(
            Path jar,
            StewardConfig config,
            Path configFile,
            Path home,
            String token,
            HttpClient http,
            LongSupplier nanoTime) {
        ConfigWriter.write(config, configFile);
        try {
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new StewardException("cannot create " + home + ": " + e.getMessage(), e);
        }
        int port = ExporterProcess.freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_FLAGS);
        command.addAll(List.of(
                "-jar",
                jar.toString(),
                "--home",
                home.toString(),
                "--config",
                configFile.toString(),
                "serve",
                "--port",
                Integer.toString(port)));
        Path log = home.resolve("serve.log");
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new StewardException("cannot start " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
        DaemonProcess daemon =
                new DaemonProcess(process, log, URI.create("http://127.0.0.1:" + port + "/metrics"), command);
        try {
            daemon.awaitFirstRound(new Scraper("steward serve", http, daemon.metrics, Optional.of(token), nanoTime));
            return daemon;
        } catch (RuntimeException e) {
            daemon.close();
            throw e;
        }
    }

    private void awaitFirstRound(Scraper probe) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new StewardException("steward serve exited (" + process.exitValue() + "): " + logTail());
            }
            Optional<Double> rounds =
                    probe.tryScrape().flatMap(s -> Scraper.value(s.body(), "steward_collect_rounds_total"));
            if (rounds.isPresent() && rounds.get() >= 1) {
                return;
            }
            Sleep.millis(250, "steward serve to finish its first collection round");
        }
        throw new StewardException("steward serve showed no collection round within " + READY_TIMEOUT.toSeconds()
                + " s; log: " + logTail());
    }

    URI metrics() {
        return metrics;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The command line; it holds no secret. */
    String commandLine() {
        return String.join(" ", command);
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + log + ")";
        }
    }

    @Override
    public void close() {
        ChildProcesses.stop(process, STOP_TIMEOUT);
    }
}
