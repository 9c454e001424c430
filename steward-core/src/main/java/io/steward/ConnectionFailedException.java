package io.steward;

/** A Redis or Sentinel endpoint refused the connection or did not answer in time. */
public class ConnectionFailedException extends StewardException {

    private static final long serialVersionUID = 1L;

    /** Why the connection failed. */
    public enum Reason {
        REFUSED,
        TIMED_OUT,
        TLS_HANDSHAKE,
        CLOSED
    }

    private final HostAndPort endpoint;
    private final Reason reason;

    public ConnectionFailedException(HostAndPort endpoint, Reason reason, String detail, Throwable cause) {
        super(
                endpoint + ": " + describe(reason) + (detail == null || detail.isBlank() ? "" : " (" + detail + ")"),
                cause);
        this.endpoint = endpoint;
        this.reason = reason;
    }

    private static String describe(Reason reason) {
        return switch (reason) {
            case REFUSED -> "connection refused; is the server running and the port right?";
            case TIMED_OUT -> "timed out; check the host is reachable and not overloaded";
            case TLS_HANDSHAKE -> "TLS handshake failed; check TLS is enabled on both sides and the CA is right";
            case CLOSED -> "connection closed by the server";
        };
    }

    public HostAndPort endpoint() {
        return endpoint;
    }

    public Reason reason() {
        return reason;
    }
}
