package io.steward;

/** The ACL user may not run the command (NOPERM). */
public class PermissionDeniedException extends StewardException {

    private static final long serialVersionUID = 1L;

    private final String user;
    private final String command;

    public PermissionDeniedException(String user, String command, Throwable cause) {
        super("user '" + user + "' has no permission to run " + command + "; use a user whose ACL allows it", cause);
        this.user = user;
        this.command = command;
    }

    public String user() {
        return user;
    }

    public String command() {
        return command;
    }
}
