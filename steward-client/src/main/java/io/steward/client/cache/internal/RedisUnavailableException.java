package io.steward.client.cache.internal;

/** A Redis call of the cache failed, timed out, or was not made because the circuit is open. */
final class RedisUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Thrown on every call while the circuit is open: no stack trace, nothing to allocate. */
    static final RedisUnavailableException CIRCUIT_OPEN =
            new RedisUnavailableException("the circuit breaker around Redis is open", null, false);

    RedisUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    private RedisUnavailableException(String message, Throwable cause, boolean writableStackTrace) {
        super(message, cause, false, writableStackTrace);
    }
}
