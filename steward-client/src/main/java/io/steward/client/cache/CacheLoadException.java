package io.steward.client.cache;

import io.steward.StewardException;

/** A {@link Loader} failed; the cause is what it threw. */
public final class CacheLoadException extends StewardException {

    private static final long serialVersionUID = 1L;

    public CacheLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
