package io.steward.client.internal;

/**
 * Text used inside a Redis Cluster hash tag ({@code {...}}): braces and backslashes are escaped
 * ({@code \(}, {@code \)}, {@code \\}) so that any text keeps its tag whole (every key of one
 * lock or identity lands in one slot) and two different texts never give one key.
 */
public final class HashTags {

    private HashTags() {}

    /** {@code text} with braces and backslashes escaped; the same string when it has none. */
    public static String escape(String text) {
        int i = 0;
        int n = text.length();
        while (i < n && !special(text.charAt(i))) {
            i++;
        }
        if (i == n) {
            return text;
        }
        StringBuilder escaped = new StringBuilder(n + 8).append(text, 0, i);
        for (; i < n; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '{' -> escaped.append("\\(");
                case '}' -> escaped.append("\\)");
                case '\\' -> escaped.append("\\\\");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /**
     * {@code value}, checked to hold no brace: a prefix, namespace or name written before or after a key's hash
     * tag must not open or close one.
     *
     * @throws NullPointerException     naming {@code field} when {@code value} is null
     * @throws IllegalArgumentException naming {@code field} when it holds a brace
     */
    public static String requireNoBraces(String value, String field) {
        if (value == null) {
            throw new NullPointerException(field);
        }
        if (value.indexOf('{') >= 0 || value.indexOf('}') >= 0) {
            throw new IllegalArgumentException(
                    field + " must not contain braces (they would change the key's hash tag), was '" + value + "'");
        }
        return value;
    }

    private static boolean special(char c) {
        return c == '{' || c == '}' || c == '\\';
    }
}
