package io.steward.server.http;

import io.steward.backup.BackupManifest;
import io.steward.backup.BackupPart;
import io.steward.backup.RestoreJournal;
import io.steward.backup.VerifyReport;
import io.steward.monitor.alert.Alert;
import io.steward.monitor.alert.AlertTransition;
import io.steward.monitor.history.Event;
import io.steward.monitor.history.LatencyEvent;
import io.steward.monitor.history.MetricField;
import io.steward.monitor.history.Point;
import io.steward.monitor.history.SlowlogEntry;
import io.steward.ops.health.HealthCheck;
import io.steward.ops.health.HealthReport;
import io.steward.server.collect.NodeState;
import io.steward.server.collect.SentinelState;
import io.steward.server.collect.TopologyView;
import io.steward.server.internal.Verification;
import io.steward.server.schedule.JobStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON shapes of {@code /api/…}: plain maps and lists with ISO-8601 times, so the schema is what
 * this class writes. The two exceptions are {@code /api/capacity} and {@code /api/analysis}, which
 * serialise the ops report records ({@code CapacityReport}, {@code HistoryAnalysis}) as they are:
 * they hold figures only. No config object (which could hold a secret) is ever serialised.
 */
final class JsonViews {

    /** The node fields the dashboard shows in the topology map. */
    static final List<String> NODE_FIELDS = List.of(
            MetricField.USED_MEMORY,
            MetricField.MAXMEMORY,
            MetricField.MEM_FRAGMENTATION_RATIO,
            MetricField.CONNECTED_CLIENTS,
            MetricField.OPS_PER_SEC,
            MetricField.KEYSPACE_HITS,
            MetricField.KEYSPACE_MISSES,
            MetricField.KEYS,
            MetricField.REPL_OFFSET,
            MetricField.REPL_LAG_SECONDS,
            MetricField.UPTIME_SECONDS);

    private JsonViews() {}

    static Map<String, Object> topology(TopologyView view) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("deployment", view.deployment());
        out.put("mode", view.mode().id());
        out.put("at", time(view.at()));
        out.put("master", view.currentMaster().map(Object::toString).orElse(null));
        out.put("nodes", view.nodes().stream().map(JsonViews::node).toList());
        out.put("sentinels", view.sentinels().stream().map(JsonViews::sentinel).toList());
        out.put("clusterState", view.clusterState());
        return out;
    }

    static Map<String, Object> node(NodeState node) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("address", node.address().toString());
        out.put("role", node.role());
        out.put("up", node.isUp());
        out.put("error", node.error());
        if (node.isUp()) {
            out.put("roundTripMillis", node.roundTrip().toNanos() / 1e6);
            out.put("version", node.info().redisVersion().orElse(null));
            out.put("masterLink", node.info().masterLinkStatus().orElse(null));
            Map<String, Object> fields = new LinkedHashMap<>();
            for (String f : NODE_FIELDS) {
                node.field(f).ifPresent(v -> fields.put(f, v));
            }
            out.put("fields", fields);
        }
        return out;
    }

    static Map<String, Object> sentinel(SentinelState s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("address", s.address().toString());
        out.put("up", s.isUp());
        out.put("error", s.error());
        out.put("master", s.master() == null ? null : s.master().toString());
        out.put("flags", s.flags());
        out.put("quorumOk", s.quorumOk());
        out.put("tilt", s.tilt());
        out.put("otherSentinels", s.otherSentinels());
        return out;
    }

    static Map<String, Object> health(HealthReport report) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("verdict", report.verdict().name().toLowerCase(Locale.ROOT));
        out.put("at", time(report.at()));
        out.put("problems", report.problems().stream().map(JsonViews::check).toList());
        out.put("checks", report.checks().size());
        return out;
    }

    static Map<String, Object> check(HealthCheck c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("component", c.component().name().toLowerCase(Locale.ROOT));
        out.put("target", c.target());
        out.put("name", c.name());
        out.put("severity", c.severity().name().toLowerCase(Locale.ROOT));
        out.put("detail", c.detail());
        return out;
    }

    static Map<String, Object> alert(Alert a) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rule", a.rule());
        out.put("target", a.target());
        out.put("severity", a.severity().name().toLowerCase(Locale.ROOT));
        out.put("state", a.state().name().toLowerCase(Locale.ROOT));
        out.put("since", time(a.since()));
        out.put("summary", a.summary());
        return out;
    }

    static Map<String, Object> transition(AlertTransition t) {
        Map<String, Object> out = alert(t.alert());
        out.put("kind", t.kind().name().toLowerCase(Locale.ROOT));
        out.put("at", time(t.at()));
        return out;
    }

    static Map<String, Object> event(Event e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("at", time(e.at()));
        out.put("kind", e.kind().name().toLowerCase(Locale.ROOT));
        out.put("node", e.node());
        out.put("detail", e.detail());
        return out;
    }

    /**
     * A restore that has not finished, in the shape of an {@link #event}: kind
     * {@code restore_running} or {@code restore_interrupted}, at its start, with the backup, the
     * roll-back backup and the commands to finish or roll back.
     */
    static Map<String, Object> restoreJournal(RestoreJournal r) {
        boolean running = r.isRunning();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("at", time(r.startedAt()));
        out.put("kind", running ? "restore_running" : "restore_interrupted");
        out.put("node", r.target());
        out.put("detail", r.describe());
        out.put("backupId", r.backupId());
        out.put("rollbackBackupId", r.rollbackBackupId());
        out.put("finish", r.finishCommand());
        out.put("rollback", r.rollbackCommand().orElse(null));
        return out;
    }

    static Map<String, Object> slowlog(SlowlogEntry e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("node", e.node());
        out.put("id", e.id());
        out.put("at", time(e.at()));
        out.put("durationMicros", e.durationMicros());
        out.put("command", String.join(" ", e.command()));
        out.put("client", e.client());
        return out;
    }

    static Map<String, Object> latency(LatencyEvent e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("node", e.node());
        out.put("event", e.event());
        out.put("at", time(e.at()));
        out.put("latestMillis", e.latestMillis());
        out.put("maxMillis", e.maxMillis());
        return out;
    }

    static Map<String, Object> backup(BackupManifest m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", m.id());
        out.put("type", m.type().name().toLowerCase(Locale.ROOT));
        out.put("reason", m.reason());
        out.put("createdAt", time(m.createdAt()));
        out.put("keys", m.parts().stream().mapToLong(BackupPart::keys).sum());
        out.put(
                "storedBytes",
                m.parts().stream().mapToLong(BackupPart::storedBytes).sum());
        out.put("rawBytes", m.parts().stream().mapToLong(BackupPart::rawBytes).sum());
        out.put("parts", m.parts().size());
        return out;
    }

    static Map<String, Object> verify(VerifyReport r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", r.id());
        out.put("passed", r.passed());
        out.put("checks", r.checks().size());
        out.put(
                "failure",
                r.firstFailure()
                        .map(c -> c.name() + " " + c.target() + ": " + c.detail())
                        .orElse(null));
        return out;
    }

    /** A background verification: its state, bytes checked and, once finished, the outcome. */
    static Map<String, Object> verification(Verification v) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", v.id());
        out.put("backup", v.backupId());
        out.put("state", v.state().name().toLowerCase(Locale.ROOT));
        out.put("queuedAt", time(v.queuedAt()));
        out.put("startedAt", time(v.startedAt()));
        out.put("finishedAt", time(v.finishedAt()));
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("bytes", v.bytesDone());
        progress.put("totalBytes", v.bytesTotal());
        progress.put("fraction", v.fraction().isPresent() ? v.fraction().getAsDouble() : null);
        out.put("progress", progress);
        out.put("result", v.report() == null ? null : verify(v.report()));
        out.put("error", v.error());
        return out;
    }

    static Map<String, Object> job(JobStatus j) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", j.name());
        out.put("schedule", j.schedule());
        out.put("nextRun", time(j.nextRun()));
        out.put("lastStart", time(j.lastStart()));
        out.put(
                "lastDurationMillis",
                j.lastDuration() == null ? null : j.lastDuration().toMillis());
        out.put("lastError", j.lastError());
        out.put("runs", j.runs());
        out.put("failures", j.failures());
        out.put("running", j.running());
        return out;
    }

    /** {@code [[epochSeconds...], [values...]]}, the column layout uPlot takes. */
    static List<List<Number>> series(List<Point> points) {
        List<Number> times = points.stream()
                .map(p -> (Number) (p.at().toEpochMilli() / 1000.0))
                .toList();
        List<Number> values = points.stream().map(p -> (Number) p.avg()).toList();
        return List.of(times, values);
    }

    static String time(Instant at) {
        return at == null ? null : at.toString();
    }

    static String duration(Duration d) {
        return d == null ? null : d.toString();
    }
}
