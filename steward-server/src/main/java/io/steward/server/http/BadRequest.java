package io.steward.server.http;

/** A request the API refuses as malformed (HTTP 400); the message says what is allowed. */
final class BadRequest extends RuntimeException {

    private static final long serialVersionUID = 1L;

    BadRequest(String message) {
        super(message, null, false, false);
    }
}
