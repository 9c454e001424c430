package io.steward.test;

import io.steward.provision.DeploymentPlan;
import io.steward.provision.LocalDeployment;
import io.steward.provision.LocalTopology;
import io.steward.provision.ProvisionException;
import io.steward.provision.RedisBinaries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Backs {@link RedisTopology}: starts the topology in {@code beforeAll}, keeps it in the class's
 * extension store (so JUnit closes it after the class, also when a test fails) and resolves
 * {@link LocalTopology} parameters. {@code @Nested} classes share the topology of the enclosing
 * class that started one instead of starting their own.
 */
public final class RedisTopologyExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(RedisTopologyExtension.class);

    /** Starts tried before giving up when another process takes a port between check and bind. */
    private static final int START_ATTEMPTS = 3;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        if (running(context).isPresent()) {
            return;
        }
        Class<?> testClass = context.getRequiredTestClass();
        RedisTopology spec = findAnnotation(testClass);
        List<ProvisionException> portRaces = new ArrayList<>();
        for (int attempt = 1; ; attempt++) {
            try {
                context.getStore(NAMESPACE).put(LocalTopology.class, start(spec, testClass));
                return;
            } catch (ProvisionException e) {
                if (!isPortRace(e) || attempt == START_ATTEMPTS) {
                    portRaces.forEach(e::addSuppressed);
                    throw e;
                }
                portRaces.add(e);
            }
        }
    }

    private static Running start(RedisTopology spec, Class<?> testClass) throws IOException {
        int base = FreePorts.portBase(spec.mode());
        DeploymentPlan plan = DeploymentPlan.local(spec.mode(), spec.profile(), spec.tls(), base)
                .withRole(spec.role());
        Path home = Files.createTempDirectory("steward-it-" + testClass.getSimpleName() + "-");
        try {
            return new Running(
                    LocalDeployment.start(plan, home, RedisBinaries.locate(), LocalDeployment.DEFAULT_HEALTHY_TIMEOUT),
                    home);
        } catch (RuntimeException e) {
            try {
                deleteTree(home);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** Another process bound one of the ports after {@link FreePorts} found them free. */
    private static boolean isPortRace(ProvisionException e) {
        return e.getMessage() != null && e.getMessage().contains("already in use");
    }

    private static RedisTopology findAnnotation(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            RedisTopology spec = c.getAnnotation(RedisTopology.class);
            if (spec != null) {
                return spec;
            }
        }
        throw new ExtensionConfigurationException(type + " needs @RedisTopology");
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == LocalTopology.class || type == LocalDeployment.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return running(context)
                .map(Running::deployment)
                .orElseThrow(() ->
                        new ExtensionConfigurationException("no topology started for " + context.getDisplayName()));
    }

    /** The topology started for {@code context} or the nearest enclosing context that has one. */
    private static Optional<Running> running(ExtensionContext context) {
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            Running running = c.getStore(NAMESPACE).get(LocalTopology.class, Running.class);
            if (running != null) {
                return Optional.of(running);
            }
        }
        return Optional.empty();
    }

    /**
     * Closed by JUnit with the store. JUnit 5.13+ closes {@link AutoCloseable} values, older versions
     * only {@link ExtensionContext.Store.CloseableResource}s (deprecated since 5.13); being both keeps
     * the extension working on either, and a second {@code close()} does nothing.
     */
    @SuppressWarnings("deprecation")
    private static final class Running implements AutoCloseable, ExtensionContext.Store.CloseableResource {

        private final LocalDeployment deployment;
        private final Path home;
        private final AtomicBoolean closed = new AtomicBoolean();

        Running(LocalDeployment deployment, Path home) {
            this.deployment = deployment;
            this.home = home;
        }

        LocalDeployment deployment() {
            return deployment;
        }

        @Override
        public void close() throws IOException {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            try {
                deployment.close();
            } finally {
                deleteTree(home);
            }
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
