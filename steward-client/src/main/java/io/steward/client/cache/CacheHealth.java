package io.steward.client.cache;

/** How the cache is serving. */
public enum CacheHealth {
    /** Redis answers; all three levels are in use. */
    UP,
    /**
     * The circuit breaker around Redis is open or probing: reads come from the near cache and the
     * loader, writes are skipped (and replayed as deletes when Redis returns). The application
     * still gets answers.
     */
    DEGRADED,
    /** The cache is closed. */
    DOWN
}
