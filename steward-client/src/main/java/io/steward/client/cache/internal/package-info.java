/**
 * How the cache works inside: the value envelope, the tiered region, Redis access behind the
 * circuit breaker, client-tracking invalidations, load coordination and tag generations. May
 * change without notice; do not use outside this module.
 */
package io.steward.client.cache.internal;
