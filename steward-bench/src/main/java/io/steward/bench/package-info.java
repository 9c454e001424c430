/**
 * Benchmarks that measure Steward against the peer a user would pick instead, side by side in one
 * run on the same Redis (DESIGN §7). Each benchmark returns a report record; {@link io.steward.bench.Main}
 * renders it as one JSON document on stdout and writes progress to stderr. Not shipped.
 */
package io.steward.bench;
