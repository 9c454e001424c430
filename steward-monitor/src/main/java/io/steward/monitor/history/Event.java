package io.steward.monitor.history;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of the events timeline.
 *
 * @param at     when it happened; stored with millisecond precision
 * @param kind   what happened
 * @param node   the node it concerns, or {@code ""} when it concerns no single node
 * @param detail free text for people, such as {@code mymaster 10.0.0.1 6379 10.0.0.2 6379}
 */
public record Event(Instant at, EventKind kind, String node, String detail) {

    public Event {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(detail, "detail");
    }
}
