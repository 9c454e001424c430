package io.steward.spring.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.steward.HostAndPort;
import io.steward.client.ClientOptions;
import io.steward.client.StewardClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;

/**
 * What the Actuator tests share, written so that they run unchanged on Boot 3.5 and 4.0: the Steward
 * auto-configurations are taken from every {@code AutoConfiguration.imports} on the class path (so Boot 3
 * runs pick up {@code steward-spring-boot3-support}'s), and a health indicator is read by reflection
 * ({@code health().getStatus().getCode()} has the same names on both versions, in different packages).
 */
final class ActuatorTestSupport {

    private ActuatorTestSupport() {}

    /** Every Steward auto-configuration registered on the class path. */
    static AutoConfigurations stewardAutoConfigurations() {
        ClassLoader loader = ActuatorTestSupport.class.getClassLoader();
        List<Class<?>> classes = ImportCandidates.load(AutoConfiguration.class, loader).getCandidates().stream()
                .filter(name -> name.startsWith("io.steward."))
                .<Class<?>>map(name -> {
                    try {
                        return Class.forName(name, false, loader);
                    } catch (ClassNotFoundException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
        return AutoConfigurations.of(classes.toArray(Class<?>[]::new));
    }

    /** A client for a port nobody listens on: it connects to nothing until asked. */
    static StewardClient clientOfNothing() {
        return StewardClient.createForNodes(ClientOptions.builder()
                .endpoint(HostAndPort.of("127.0.0.1", unusedPort()))
                .build());
    }

    static int unusedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The status code of a Boot health indicator of either version. */
    static String statusOf(Object indicator) {
        Object status = call(call(indicator, "health"), "getStatus");
        return (String) call(status, "getCode");
    }

    /** The details of a Boot health indicator of either version. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> detailsOf(Object indicator) {
        return (Map<String, Object>) call(call(indicator, "health"), "getDetails");
    }

    private static Object call(Object target, String method) {
        try {
            Method m = target.getClass().getMethod(method);
            m.setAccessible(true);
            return m.invoke(target);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new IllegalStateException(e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The messages of the start failure and its causes, which is what the application log shows. */
    static String startupFailure(AssertableApplicationContext context) {
        assertThat(context).hasFailed();
        StringBuilder messages = new StringBuilder();
        for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        return messages.toString();
    }
}
