package io.steward.client.internal;

import io.steward.HostAndPort;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * A stable command interface whose every call goes to the target current at the time of the call,
 * with failures mapped by {@link RedisErrorMapper}. A reference taken before a failover keeps
 * working after it. Calls are not retried: a call that fails during the switch fails to the caller.
 */
final class CommandsProxy implements InvocationHandler {

    /** Where calls go: an API object implementing the proxied interface, and the node behind it. */
    interface Target {
        Object api();

        HostAndPort endpoint();
    }

    private final Supplier<? extends Target> current;
    private final String user;
    private final BiConsumer<Target, RuntimeException> onFailure;
    private final String description;

    private CommandsProxy(
            Supplier<? extends Target> current,
            String user,
            BiConsumer<Target, RuntimeException> onFailure,
            String description) {
        this.current = current;
        this.user = user;
        this.onFailure = onFailure;
        this.description = description;
    }

    /**
     * @param api         the interface to implement; every target's {@link Target#api()} implements it
     * @param current     the target to use now; may throw {@link IllegalStateException} once closed
     * @param user        the ACL user, for error messages
     * @param onFailure   told about every failed call with the mapped exception, before it is thrown
     * @param description how {@code toString()} names the proxy
     */
    static <T> T create(
            Class<T> api,
            Supplier<? extends Target> current,
            String user,
            BiConsumer<Target, RuntimeException> onFailure,
            String description) {
        Object proxy = Proxy.newProxyInstance(
                api.getClassLoader(), new Class<?>[] {api}, new CommandsProxy(current, user, onFailure, description));
        return api.cast(proxy);
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> description + "[" + current.get().endpoint() + "]";
            };
        }
        Target target = current.get();
        try {
            return method.invoke(target.api(), args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Error error) {
                throw error;
            }
            RuntimeException mapped = RedisErrorMapper.map(cause, target.endpoint(), user, method.getName());
            onFailure.accept(target, mapped);
            throw mapped;
        }
    }
}
