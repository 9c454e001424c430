package io.steward.monitor.history;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of a node's {@code LATENCY LATEST} reply: the latest spike of one latency event.
 *
 * @param node         the node, conventionally its {@code host:port}
 * @param event        the event name, such as {@code command}, {@code fast-command} or {@code fork}
 * @param at           when the latest spike happened (Redis reports whole seconds); stored with
 *     millisecond precision
 * @param latestMillis the latency of that spike in milliseconds
 * @param maxMillis    the largest latency of the event since the node started or the last
 *     {@code LATENCY RESET}, in milliseconds
 */
public record LatencyEvent(String node, String event, Instant at, long latestMillis, long maxMillis) {

    public LatencyEvent {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(at, "at");
        if (node.isBlank()) {
            throw new IllegalArgumentException("node must not be blank");
        }
        if (event.isBlank()) {
            throw new IllegalArgumentException("event must not be blank");
        }
        if (latestMillis < 0) {
            throw new IllegalArgumentException("latestMillis must not be negative but was " + latestMillis);
        }
        if (maxMillis < 0) {
            throw new IllegalArgumentException("maxMillis must not be negative but was " + maxMillis);
        }
    }
}
