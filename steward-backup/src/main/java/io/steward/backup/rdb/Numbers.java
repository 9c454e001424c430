package io.steward.backup.rdb;

import io.steward.BackupCorruptedException;
import java.nio.charset.StandardCharsets;

/** Parses the numbers Redis stores as text inside RDB values. */
final class Numbers {

    private Numbers() {}

    /** A decimal integer, as Redis's {@code string2ll} accepts it. */
    static long parseLong(byte[] b, int offset, int length) {
        String text = new String(b, offset, length, StandardCharsets.US_ASCII);
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new BackupCorruptedException("rdb-structure", "not an integer: '" + text + "'", e);
        }
    }

    /** A score as Redis writes it: {@code %.17g} text or {@code inf}, {@code -inf}, {@code nan}. */
    static double parseScore(byte[] b, int offset, int length) {
        String text = new String(b, offset, length, StandardCharsets.US_ASCII);
        switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "inf":
            case "+inf":
            case "infinity":
            case "+infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf":
            case "-infinity":
                return Double.NEGATIVE_INFINITY;
            case "nan":
            case "-nan":
                return Double.NaN;
            default:
                try {
                    return Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new BackupCorruptedException("rdb-structure", "not a score: '" + text + "'", e);
                }
        }
    }
}
