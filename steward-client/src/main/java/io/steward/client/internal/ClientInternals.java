package io.steward.client.internal;

import io.steward.client.StewardClient;
import java.util.Objects;
import java.util.function.Function;

/**
 * Reaches the {@link NodeConnector} of a {@link StewardClient} from the client's own capability
 * packages (locks need publish/subscribe links) without a public method on {@code StewardClient}.
 * {@code StewardClient} installs the accessor once, when its class initialises.
 */
public final class ClientInternals {

    private static volatile Function<StewardClient, NodeConnector> connectors;

    private ClientInternals() {}

    /**
     * Called once by {@code StewardClient}.
     *
     * @throws IllegalStateException on a second call
     */
    public static synchronized void install(Function<StewardClient, NodeConnector> accessor) {
        if (connectors != null) {
            throw new IllegalStateException("already installed");
        }
        connectors = Objects.requireNonNull(accessor, "accessor");
    }

    /** The connector of {@code client}: its connections live until the client closes, unless closed first. */
    public static NodeConnector connector(StewardClient client) {
        return connectors.apply(Objects.requireNonNull(client, "client"));
    }
}
