package io.steward.client.lock;

import io.steward.client.internal.HashTags;

/**
 * The Redis names of one lock, all in the hash tag of the lock name so that a script touching them
 * runs on one cluster slot: {@code <prefix>{<name>}} (holder and token), {@code <prefix>{<name>}:fence}
 * (the token counter), {@code <prefix>{<name>}:next} (the owner next in line, while processes
 * queue) and the channel {@code <prefix>{<name>}:released}. The name is escaped by {@link HashTags#escape}.
 */
record LockKeys(String name, String lock, String fence, String nextInLine, String channel) {

    static LockKeys of(String prefix, String name) {
        String lock = prefix + '{' + HashTags.escape(name) + '}';
        return new LockKeys(name, lock, lock + ":fence", lock + ":next", lock + ":released");
    }
}
