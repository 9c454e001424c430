package io.steward.client.lock;

import java.util.ArrayList;
import java.util.List;

/** A resource guarded by fencing tokens: it remembers the highest token and rejects lower ones. */
final class FencedResource {

    private long highest;
    private final List<String> writes = new ArrayList<>();

    synchronized boolean write(long token, String value) {
        if (token < highest) {
            return false;
        }
        highest = token;
        writes.add(value);
        return true;
    }

    synchronized List<String> writes() {
        return List.copyOf(writes);
    }
}
