package io.steward.ops.health.internal;

import io.steward.ops.health.Component;
import io.steward.ops.health.HealthCheck;
import io.steward.ops.health.Severity;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Builds the checks of one component and target, and formats the numbers their details show. */
final class Checks {

    private final Component component;
    private final String target;

    Checks(Component component, String target) {
        this.component = component;
        this.target = target;
    }

    /** A check with measured values given as alternating keys and values. */
    HealthCheck check(String name, Severity severity, String detail, Object... measured) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i + 1 < measured.length; i += 2) {
            values.put((String) measured[i], measured[i + 1]);
        }
        return new HealthCheck(component, target, name, severity, detail, values);
    }

    static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.0f %%", ratio * 100);
    }

    static String decimal(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    static String bytes(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    static String duration(Duration d) {
        long seconds = d.toSeconds();
        if (seconds >= 2 * 86_400) {
            return seconds / 86_400 + " d";
        }
        if (seconds >= 2 * 3600) {
            return seconds / 3600 + " h";
        }
        if (seconds >= 120) {
            return seconds / 60 + " min";
        }
        if (seconds >= 1) {
            return seconds + " s";
        }
        return String.format(Locale.ROOT, "%.1f ms", d.toNanos() / 1e6);
    }

    /** Rounds for the measured map so JSON does not show binary noise. */
    static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
