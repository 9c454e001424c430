package io.steward;

/** The server rejected the user name or password (WRONGPASS, NOAUTH). */
public class AuthenticationFailedException extends StewardException {

    private static final long serialVersionUID = 1L;

    private final HostAndPort endpoint;
    private final String user;

    public AuthenticationFailedException(HostAndPort endpoint, String user, Throwable cause) {
        super(
                endpoint + ": authentication failed for user '" + user
                        + "'; check the password file or environment variable",
                cause);
        this.endpoint = endpoint;
        this.user = user;
    }

    public HostAndPort endpoint() {
        return endpoint;
    }

    public String user() {
        return user;
    }
}
