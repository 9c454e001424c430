/**
 * How {@link io.steward.client.StewardClient} works inside: Lettuce settings, the mapping of
 * Lettuce and server errors to Steward's typed exceptions, the Sentinel master follower and the
 * proxy that keeps {@code commands()} pointed at the current master, and what the capabilities share
 * (Lua scripts, hash-tag text, metric helpers). May change without notice;
 * do not use outside this module.
 */
package io.steward.client.internal;
