package io.steward.monitor.history;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The values of one node's fields at one instant.
 *
 * @param node   the node, conventionally its {@code host:port}
 * @param at     when the values were read; stored with millisecond precision
 * @param fields field name to value; names are usually {@link MetricField} constants. Values must be
 *     finite. Copied and sorted by name.
 */
public record NodeSample(String node, Instant at, Map<String, Double> fields) {

    public NodeSample {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(fields, "fields");
        if (node.isBlank()) {
            throw new IllegalArgumentException("node must not be blank");
        }
        Map<String, Double> copy = new TreeMap<>();
        fields.forEach((name, value) -> {
            Objects.requireNonNull(name, "field name");
            if (value == null || !Double.isFinite(value)) {
                throw new IllegalArgumentException("fields." + name + " must be a finite number but was " + value);
            }
            copy.put(name, value);
        });
        fields = Collections.unmodifiableMap(copy);
    }
}
