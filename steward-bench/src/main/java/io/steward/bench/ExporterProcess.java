package io.steward.bench;

import io.steward.HostAndPort;
import io.steward.StewardException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The peer of the scrape benchmark: Debian's {@code prometheus-redis-exporter} (redis_exporter)
 * against one node as the {@code monitor} user, its password in {@code REDIS_PASSWORD} (never in
 * argv), listening on a free loopback port. {@link #close()} stops it.
 */
final class ExporterProcess implements AutoCloseable {

    static final String BINARY_NAME = "prometheus-redis-exporter";
    static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private static final Pattern VERSION = Pattern.compile("Redis Metrics Exporter (\\S+)");

    private final Process process;
    private final Path log;
    private final URI metrics;
    private final List<String> command;

    private ExporterProcess(Process process, Path log, URI metrics, List<String> command) {
        this.process = process;
        this.log = log;
        this.metrics = metrics;
        this.command = command;
    }

    /** The binary on the PATH or in /usr/bin. */
    static Path binary() {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/bin";
        return Stream.of(path.split(":"))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, BINARY_NAME))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new StewardException("the scrape benchmark's peer is redis_exporter (" + BINARY_NAME
                        + "), which is not installed; install it with: sudo apt-get install " + BINARY_NAME
                        + " (./steward bench does when it can)"));
    }

    /** The version the binary reports, such as {@code 1.45.0-2+b4}. */
    static String version(Path binary) {
        try {
            Process p = new ProcessBuilder(binary.toString(), "--version")
                    .redirectErrorStream(true)
                    .start();
            if (!p.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "unknown";
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = VERSION.matcher(out);
            return m.find() ? m.group(1) : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StewardException("interrupted while asking redis_exporter for its version", e);
        }
    }

    /**
     * Starts the exporter against {@code node} and waits until its {@code /metrics} reports
     * {@code redis_up 1}.
     *
     * @throws StewardException when it does not start, exits, or never reports the node up
     */
    static ExporterProcess start(
            Path binary, HostAndPort node, Path passwordFile, Path workDir, HttpClient http, LongSupplier nanoTime) {
        int port = freePort();
        List<String> command = List.of(
                binary.toString(),
                "--redis.addr=redis://" + node.host() + ":" + node.port(),
                "--redis.user=monitor",
                "--web.listen-address=127.0.0.1:" + port);
        Path log = workDir.resolve("redis-exporter.log");
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process process;
        try {
            pb.environment()
                    .put("REDIS_PASSWORD", Files.readString(passwordFile).strip());
            process = pb.start();
        } catch (IOException e) {
            throw new StewardException("cannot start " + binary + ": " + e.getMessage(), e);
        } finally {
            pb.environment().remove("REDIS_PASSWORD");
        }
        ExporterProcess exporter =
                new ExporterProcess(process, log, URI.create("http://127.0.0.1:" + port + "/metrics"), command);
        try {
            exporter.awaitUp(http, nanoTime);
            return exporter;
        } catch (RuntimeException e) {
            exporter.close();
            throw e;
        }
    }

    private void awaitUp(HttpClient http, LongSupplier nanoTime) {
        Scraper probe = new Scraper("redis_exporter", http, metrics, Optional.empty(), nanoTime);
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new StewardException("redis_exporter exited (" + process.exitValue() + "): " + logTail());
            }
            Optional<Scraper.Scrape> scrape = probe.tryScrape();
            if (scrape.isPresent()) {
                Optional<Double> up = Scraper.value(scrape.get().body(), "redis_up");
                if (up.isPresent() && up.get() == 1.0) {
                    return;
                }
                last = "redis_up " + up.map(String::valueOf).orElse("missing");
            }
            Sleep.millis(200, "redis_exporter to report redis_up 1");
        }
        throw new StewardException("redis_exporter did not report redis_up 1 within " + READY_TIMEOUT.toSeconds()
                + " s (" + last + "); log: " + logTail());
    }

    URI metrics() {
        return metrics;
    }

    long pid() {
        return process.pid();
    }

    /** The command line (no secret in it). */
    String commandLine() {
        return String.join(" ", command) + " (REDIS_PASSWORD from secrets/monitor.pass in the environment)";
    }

    /** The last lines of its log, for error messages. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + log + ")";
        }
    }

    /** Lines of its log that report errors, such as refused commands. */
    List<String> logErrors() {
        try {
            return Files.readAllLines(log).stream()
                    .filter(l -> l.contains("level=error") || l.contains("level=warn"))
                    .distinct()
                    .limit(5)
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Stops the exporter: SIGTERM, then SIGKILL after {@link #STOP_TIMEOUT}. */
    @Override
    public void close() {
        ChildProcesses.stop(process, STOP_TIMEOUT);
    }

    /** A loopback port nothing listens on right now. */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new StewardException("cannot find a free port: " + e.getMessage(), e);
        }
    }
}
