package io.steward.server.internal;

import io.steward.monitor.alert.Alert;
import io.steward.monitor.alert.AlertState;
import io.steward.monitor.alert.AlertTransition;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The alerts a previous daemon left firing in the history. A new daemon's engine starts empty and would
 * never resolve them, so they stay firing forever in {@code /api/alerts} and at the webhooks; the
 * daemon resolves them as it starts instead, and a condition that still holds fires again at its
 * first round.
 */
final class LeftFiringAlerts {

    private LeftFiringAlerts() {}

    /**
     * RESOLVED transitions at {@code now} for each rule and target whose latest recorded transition is
     * FIRING or REPEAT.
     *
     * @param newestFirst recorded transitions, newest first (as the history returns them)
     */
    static List<AlertTransition> resolutions(List<AlertTransition> newestFirst, Instant now) {
        Map<List<String>, AlertTransition> latest = new LinkedHashMap<>();
        for (AlertTransition t : newestFirst) {
            latest.putIfAbsent(List.of(t.alert().rule(), t.alert().target()), t);
        }
        return latest.values().stream()
                .filter(t -> t.kind() == AlertTransition.Kind.FIRING || t.kind() == AlertTransition.Kind.REPEAT)
                .map(t -> resolved(t.alert(), now))
                .toList();
    }

    private static AlertTransition resolved(Alert a, Instant now) {
        Alert alert = new Alert(
                a.rule(),
                a.target(),
                a.severity(),
                AlertState.RESOLVED,
                a.since(),
                a.lastNotified(),
                a.summary() + " (resolved as the daemon restarted)");
        return new AlertTransition(AlertTransition.Kind.RESOLVED, alert, now);
    }
}
