package io.steward.ha.cluster;

/**
 * A key MIGRATE did not move (too big for the migrate timeout, or refused by the target). It stays
 * on its source, and its slot stays open (migrating) until a later run or {@code fix} moves it.
 *
 * @param slot  the key's hash slot
 * @param key   the key
 * @param bytes the key's size by {@code MEMORY USAGE}, or -1 when unknown
 * @param error the error MIGRATE answered
 */
public record OversizedKey(int slot, String key, long bytes, String error) {}
