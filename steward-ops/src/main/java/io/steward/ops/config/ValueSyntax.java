package io.steward.ops.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and formats the value syntaxes of {@code steward.yaml}: durations, sizes and ratios. {@link #duration} is
 * public so that command-line options take durations in the same grammar as the file.
 */
public final class ValueSyntax {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kb|mb|gb|tb)?");

    private ValueSyntax() {}

    /** Parses {@code 10ms}, {@code 30s}, {@code 5m}, {@code 24h} or {@code 7d}; throws IllegalArgumentException. */
    public static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; allowed: a whole number with a unit"
                    + " ms, s, m, h or d, such as 10ms, 30s, 24h or 7d");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /**
     * The shortest exact form of {@code d} in the syntax {@link #duration(String)} reads; zero is
     * {@code 0s}, since every unit divides it and the largest ({@code 0d}) reads oddly.
     */
    static String formatDuration(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        long[] factors = {86_400_000L, 3_600_000L, 60_000L, 1000L};
        String[] units = {"d", "h", "m", "s"};
        for (int i = 0; i < factors.length; i++) {
            if (ms % factors[i] == 0) {
                return ms / factors[i] + units[i];
            }
        }
        return ms + "ms";
    }

    /** Parses a byte count with an optional binary unit ({@code 64mb} = 64 MiB). */
    static long size(String text) {
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size; allowed: bytes, or a whole number with a"
                    + " unit kb, mb, gb or tb, such as 64mb");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2);
        int shift =
                switch (unit) {
                    case "kb" -> 10;
                    case "mb" -> 20;
                    case "gb" -> 30;
                    case "tb" -> 40;
                    default -> 0;
                };
        if (Long.numberOfLeadingZeros(n) <= shift) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
        return n << shift;
    }

    static String formatSize(long bytes) {
        String[] units = {"tb", "gb", "mb", "kb"};
        int[] shifts = {40, 30, 20, 10};
        for (int i = 0; i < units.length; i++) {
            long unit = 1L << shifts[i];
            if (bytes != 0 && bytes % unit == 0) {
                return bytes / unit + units[i];
            }
        }
        return Long.toString(bytes);
    }

    /** Parses {@code 0.70} or {@code 70%}. */
    static double ratio(String text) {
        String t = text.trim();
        try {
            if (t.endsWith("%")) {
                return Double.parseDouble(t.substring(0, t.length() - 1).trim()) / 100.0;
            }
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a ratio; allowed: a fraction such as 0.70 or a" + " percentage such as 70%",
                    e);
        }
    }

    static double decimal(String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a number", e);
        }
    }

    static long count(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a whole number", e);
        }
    }
}
