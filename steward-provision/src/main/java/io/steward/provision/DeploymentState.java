package io.steward.provision;

import io.steward.HostAndPort;
import io.steward.StewardException;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The plan of the local deployment in a Steward home, kept in {@code run/deployment.properties} so
 * that {@code down}, {@code status} and a detached supervisor know what runs there.
 */
public final class DeploymentState {

    private DeploymentState() {}

    public static Path file(Path home) {
        return home.resolve("run").resolve("deployment.properties");
    }

    /** The pid file of the process supervising the deployment. */
    public static Path supervisorPidFile(Path home) {
        return home.resolve("run").resolve("supervisor.pid");
    }

    public static void write(Path home, DeploymentPlan plan) {
        Properties p = new Properties();
        p.setProperty("name", plan.name());
        p.setProperty("mode", plan.mode().id());
        p.setProperty("profile", plan.profile().id());
        p.setProperty("tls", String.valueOf(plan.tls()));
        p.setProperty("master-name", plan.masterName());
        p.setProperty("role", plan.role().id());
        p.setProperty("maxmemory", String.valueOf(plan.maxmemoryBytes()));
        p.setProperty("redis-nodes", join(plan.redisNodes()));
        p.setProperty("sentinels", join(plan.sentinels()));
        Path file = file(home);
        try {
            Files.createDirectories(file.getParent());
            try (Writer out = Files.newBufferedWriter(file)) {
                p.store(out, "Steward local deployment; written by 'steward up'");
            }
        } catch (IOException e) {
            throw new StewardException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The recorded plan, or empty when nothing was deployed in {@code home}. */
    public static Optional<DeploymentPlan> read(Path home) {
        Path file = file(home);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
            return Optional.of(new DeploymentPlan(
                    p.getProperty("name"),
                    TopologyMode.parse(p.getProperty("mode"), "mode"),
                    Profile.parse(p.getProperty("profile"), "profile"),
                    Boolean.parseBoolean(p.getProperty("tls")),
                    p.getProperty("master-name"),
                    DataRole.parse(p.getProperty("role"), "role"),
                    Long.parseLong(p.getProperty("maxmemory")),
                    split(p.getProperty("redis-nodes")),
                    split(p.getProperty("sentinels"))));
        } catch (IOException | RuntimeException e) {
            throw new StewardException(
                    file + " is unreadable (" + e.getMessage()
                            + "); stop any Redis processes by hand and remove the file",
                    e);
        }
    }

    private static String join(List<HostAndPort> nodes) {
        return nodes.stream().map(HostAndPort::toString).collect(Collectors.joining(","));
    }

    private static List<HostAndPort> split(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.split(",")).map(HostAndPort::parse).toList();
    }
}
