package io.steward.test;

import io.steward.provision.DeploymentPlan;
import io.steward.provision.LocalDeployment;
import io.steward.provision.LocalTopology;
import io.steward.provision.RedisBinaries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Backs {@link RedisTopology}: starts the topology in {@code beforeAll}, keeps it in the class's
 * extension store (so JUnit closes it after the class, also when a test fails) and resolves
 * {@link LocalTopology} parameters.
 */
public final class RedisTopologyExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(RedisTopologyExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        Class<?> testClass = context.getRequiredTestClass();
        RedisTopology spec = findAnnotation(testClass);
        int base = FreePorts.portBase(spec.mode());
        DeploymentPlan plan = DeploymentPlan.local(spec.mode(), spec.profile(), spec.tls(), base)
                .withRole(spec.role());
        Path home = Files.createTempDirectory("steward-it-" + testClass.getSimpleName() + "-");
        LocalDeployment deployment;
        try {
            deployment =
                    LocalDeployment.start(plan, home, RedisBinaries.locate(), LocalDeployment.DEFAULT_HEALTHY_TIMEOUT);
        } catch (RuntimeException e) {
            deleteTree(home);
            throw e;
        }
        context.getStore(NAMESPACE).put(LocalTopology.class, new Running(deployment, home));
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
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            Running running = c.getStore(NAMESPACE).get(LocalTopology.class, Running.class);
            if (running != null) {
                return running.deployment();
            }
        }
        throw new ExtensionConfigurationException("no topology started for " + context.getDisplayName());
    }

    private record Running(LocalDeployment deployment, Path home) implements AutoCloseable {
        @Override
        public void close() throws IOException {
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
