package io.steward.client.ratelimit;

import io.steward.client.internal.HashTags;
import java.util.List;

/**
 * Key names of one limiter: {@code <prefix><namespace>:{<identity>}:<limit name>}. The identity is the
 * hash tag, so every key of one identity lands in one cluster slot and one script can touch them all.
 * The identity is escaped by {@link HashTags#escape}.
 */
final class LimiterKeys {

    private final String head;
    private final String[] tails;

    LimiterKeys(String prefix, String namespace, List<RateLimit> limits) {
        this.head = prefix + namespace + ":{";
        this.tails = new String[limits.size()];
        for (int i = 0; i < tails.length; i++) {
            tails[i] = "}:" + limits.get(i).name();
        }
    }

    /** The keys of every limit for {@code identity}, in the limiter's order. */
    String[] keys(String identity) {
        String tag = HashTags.escape(identity);
        String[] keys = new String[tails.length];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = head + tag + tails[i];
        }
        return keys;
    }
}
