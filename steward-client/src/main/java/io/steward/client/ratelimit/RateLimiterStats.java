package io.steward.client.ratelimit;

/**
 * Counts since the limiter was created.
 *
 * @param allowed  decisions Redis allowed
 * @param denied   decisions Redis refused
 * @param failures calls that could not get a decision from Redis: thrown to the caller, or answered
 *                 without Redis by a fail-open limiter (those are counted here only)
 */
public record RateLimiterStats(long allowed, long denied, long failures) {}
