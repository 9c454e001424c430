package io.steward.monitor.history;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One entry of a node's {@code SLOWLOG GET} reply.
 *
 * @param node           the node, conventionally its {@code host:port}
 * @param id             the entry's id: unique per node until the node restarts, when Redis counts
 *     from 0 again
 * @param at             when the command was processed (Redis reports whole seconds); stored with
 *     millisecond precision
 * @param durationMicros how long the command ran, in microseconds
 * @param command        the command name and its arguments as Redis reports them (Redis already
 *     truncates long arguments and long argument lists); not empty. Copied.
 * @param client         the client's {@code addr:port}, or {@code ""} when the server did not report
 *     it
 */
public record SlowlogEntry(String node, long id, Instant at, long durationMicros, List<String> command, String client) {

    public SlowlogEntry {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(client, "client");
        if (node.isBlank()) {
            throw new IllegalArgumentException("node must not be blank");
        }
        if (id < 0) {
            throw new IllegalArgumentException("id must not be negative but was " + id);
        }
        if (durationMicros < 0) {
            throw new IllegalArgumentException("durationMicros must not be negative but was " + durationMicros);
        }
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command must not be empty");
        }
        command = List.copyOf(command);
    }
}
