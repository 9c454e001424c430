package io.steward.client.ratelimit;

import java.util.List;

/**
 * Key names of one limiter: {@code <prefix><namespace>:{<identity>}:<limit name>}. The identity is the
 * hash tag, so every key of one identity lands in one cluster slot and one script can touch them all.
 * Braces and backslashes in an identity are escaped ({@code \(}, {@code \)}, {@code \\}) so that any
 * identity keeps its tag whole and two identities never share a key.
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
        String tag = escape(identity);
        String[] keys = new String[tails.length];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = head + tag + tails[i];
        }
        return keys;
    }

    static String escape(String identity) {
        int i = 0;
        int n = identity.length();
        while (i < n && !special(identity.charAt(i))) {
            i++;
        }
        if (i == n) {
            return identity;
        }
        StringBuilder escaped = new StringBuilder(n + 8).append(identity, 0, i);
        for (; i < n; i++) {
            char c = identity.charAt(i);
            switch (c) {
                case '{' -> escaped.append("\\(");
                case '}' -> escaped.append("\\)");
                case '\\' -> escaped.append("\\\\");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    private static boolean special(char c) {
        return c == '{' || c == '}' || c == '\\';
    }
}
