package io.steward.server.collect;

import io.steward.monitor.history.LatencyEvent;
import io.steward.monitor.history.SlowlogEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads the array replies of {@code SLOWLOG GET} and {@code LATENCY LATEST}; malformed entries are skipped. */
final class RedisReplies {

    private RedisReplies() {}

    /** {@code [id, unix-seconds, micros, [arg...], client-addr, client-name]} per entry; null gives none. */
    static List<SlowlogEntry> slowlog(String node, List<Object> reply) {
        List<SlowlogEntry> entries = new ArrayList<>();
        if (reply == null) {
            return entries;
        }
        for (Object item : reply) {
            if (item instanceof List<?> e
                    && e.size() >= 4
                    && e.get(0) instanceof Long id
                    && e.get(1) instanceof Long at
                    && e.get(2) instanceof Long micros
                    && e.get(3) instanceof List<?> args) {
                String client = e.size() > 4 && e.get(4) != null ? String.valueOf(e.get(4)) : "";
                entries.add(new SlowlogEntry(
                        node,
                        id,
                        Instant.ofEpochSecond(at),
                        micros,
                        args.stream().map(String::valueOf).toList(),
                        client));
            }
        }
        return entries;
    }

    /** {@code [event, unix-seconds, latest-ms, max-ms]} per event; null gives none. */
    static List<LatencyEvent> latency(String node, List<Object> reply) {
        List<LatencyEvent> events = new ArrayList<>();
        if (reply == null) {
            return events;
        }
        for (Object item : reply) {
            if (item instanceof List<?> e
                    && e.size() >= 4
                    && e.get(1) instanceof Long at
                    && e.get(2) instanceof Long latest
                    && e.get(3) instanceof Long max) {
                events.add(new LatencyEvent(node, String.valueOf(e.get(0)), Instant.ofEpochSecond(at), latest, max));
            }
        }
        return events;
    }
}
