package io.steward;

/**
 * The unchecked root of every error Steward raises. Subtypes carry the context a caller can act
 * on (endpoint, user, command, file and line); the message is one line saying what failed, where,
 * and what to do.
 */
public class StewardException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StewardException(String message) {
        super(message);
    }

    public StewardException(String message, Throwable cause) {
        super(message, cause);
    }
}
