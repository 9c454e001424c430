package io.steward.bench;

import io.steward.HostAndPort;
import io.steward.StewardException;
import io.steward.provision.RedisBinaries;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway redis-server on a free loopback port: no persistence, no users, gone on {@link #close()}. For benchmarks
 * that measure a client, not a deployment.
 */
final class ScratchRedis implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final HostAndPort address;

    private ScratchRedis(Process process, HostAndPort address) {
        this.process = process;
        this.address = address;
    }

    static ScratchRedis start(RedisBinaries binaries) {
        int port = ExporterProcess.freePort();
        Process p;
        try {
            p = new ProcessBuilder(
                            binaries.server().toString(),
                            "--port",
                            Integer.toString(port),
                            "--bind",
                            "127.0.0.1",
                            "--save",
                            "",
                            "--appendonly",
                            "no",
                            "--protected-mode",
                            "yes")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new StewardException("cannot start " + binaries.server() + ": " + e.getMessage(), e);
        }
        ScratchRedis redis = new ScratchRedis(p, HostAndPort.of("127.0.0.1", port));
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline && p.isAlive()) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return redis;
            } catch (IOException notYet) {
                try {
                    Sleep.millis(50, "redis-server on port " + port);
                } catch (StewardException interrupted) {
                    redis.close();
                    throw interrupted;
                }
            }
        }
        String exited = p.isAlive() ? "" : " (it exited with code " + p.exitValue() + ")";
        redis.close();
        throw new StewardException(
                "redis-server on port " + port + " did not start within " + START_TIMEOUT.toSeconds() + " s" + exited);
    }

    HostAndPort address() {
        return address;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
    }
}
