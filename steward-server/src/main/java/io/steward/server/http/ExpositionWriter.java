package io.steward.server.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds Prometheus text exposition (format 0.0.4). Samples are grouped per family whatever order
 * they are added in, so each family's {@code # HELP} and {@code # TYPE} appear once, as the format
 * requires. Not thread-safe.
 */
final class ExpositionWriter {

    enum Type {
        GAUGE,
        COUNTER
    }

    private record Family(String name, Type type, String help, StringBuilder samples) {}

    private final Map<String, Family> families = new LinkedHashMap<>();

    /** Declares a family; declaring it again with the same type is a no-op. */
    ExpositionWriter family(String name, Type type, String help) {
        Family existing = families.get(name);
        if (existing != null && existing.type() != type) {
            throw new IllegalArgumentException(name + " declared as " + existing.type() + " and " + type);
        }
        families.putIfAbsent(name, new Family(name, type, help, new StringBuilder()));
        return this;
    }

    /** Adds a sample of a declared family; {@code labels} alternate name and value. NaN is skipped. */
    ExpositionWriter sample(String name, double value, String... labels) {
        Family family = families.get(name);
        if (family == null) {
            throw new IllegalArgumentException("family " + name + " not declared");
        }
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException("labels must be name/value pairs");
        }
        if (Double.isNaN(value)) {
            return this;
        }
        StringBuilder out = family.samples().append(name);
        if (labels.length > 0) {
            out.append('{');
            for (int i = 0; i < labels.length; i += 2) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(labels[i]).append("=\"");
                escape(labels[i + 1], out);
                out.append('"');
            }
            out.append('}');
        }
        out.append(' ').append(format(value)).append('\n');
        return this;
    }

    /** Shorthand for {@link #family} then {@link #sample} of one unlabelled value. */
    ExpositionWriter single(String name, Type type, String help, double value) {
        return family(name, type, help).sample(name, value);
    }

    /** The exposition text; families without samples are left out. */
    String render() {
        StringBuilder out = new StringBuilder(4096);
        for (Family f : families.values()) {
            if (f.samples().isEmpty()) {
                continue;
            }
            out.append("# HELP ").append(f.name()).append(' ').append(f.help()).append('\n');
            out.append("# TYPE ")
                    .append(f.name())
                    .append(' ')
                    .append(f.type() == Type.GAUGE ? "gauge" : "counter")
                    .append('\n');
            out.append(f.samples());
        }
        return out.toString();
    }

    private static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        return Double.toString(value);
    }

    private static void escape(String value, StringBuilder out) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
    }
}
