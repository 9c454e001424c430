package io.steward.cli;

import io.steward.HostAndPort;
import io.steward.ha.sentinel.FailoverPlan;
import io.steward.ha.sentinel.FailoverResult;
import io.steward.ha.sentinel.Finding;
import io.steward.ha.sentinel.ReplicaView;
import io.steward.ha.sentinel.ResetReport;
import io.steward.ha.sentinel.SentinelReply;
import io.steward.ha.sentinel.SentinelStatus;
import io.steward.ha.sentinel.SentinelView;
import io.steward.ha.sentinel.StaleEntry;
import io.steward.ha.sentinel.ValidationReport;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The JSON of each {@code steward sentinel} result: explicit maps, so the schema is what this class writes. */
final class SentinelJson {
    private SentinelJson() {}

    static String verdict(Finding.Severity worst) {
        return switch (worst) {
            case INFO -> "ok";
            case WARNING -> "warning";
            case ERROR -> "error";
        };
    }

    static Map<String, Object> status(SentinelStatus s) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("verdict", verdict(s.worst()));
        json.put("at", s.at().toString());
        json.put("masterName", s.masterName());
        json.put("master", str(s.master()));
        json.put("agreed", s.agreed());
        json.put("quorumOk", s.quorumOk());
        json.put("sentinels", s.sentinels().stream().map(SentinelJson::view).toList());
        json.put("replicas", s.replicas().stream().map(SentinelJson::replica).toList());
        json.put("stale", s.stale().stream().map(SentinelJson::stale).toList());
        json.put("findings", s.findings().stream().map(SentinelJson::finding).toList());
        return json;
    }

    static Map<String, Object> view(SentinelView v) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("sentinel", v.sentinel().toString());
        json.put("reachable", v.error() == null);
        json.put("error", v.error());
        json.put("master", str(v.master()));
        json.put("configEpoch", v.configEpoch());
        json.put("flags", v.flags());
        json.put("tilt", v.tilt());
        json.put("lastOkPingMillis", v.lastOkPingMillis());
        json.put("quorum", v.quorum());
        json.put("knownSentinels", v.knownSentinels());
        json.put("ckquorumOk", v.quorumOk());
        json.put("ckquorum", v.quorumReply());
        return json;
    }

    static Map<String, Object> replica(ReplicaView r) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("address", r.address());
        json.put("connected", r.connected());
        json.put("state", r.state());
        json.put("linkStatus", r.linkStatus());
        json.put("flags", r.flags());
        json.put("offsetLagBytes", r.offsetLagBytes());
        json.put("lagSeconds", r.lagSeconds());
        json.put("priority", r.priority());
        json.put("listedBy", r.listedBy().stream().map(HostAndPort::toString).toList());
        return json;
    }

    static Map<String, Object> stale(StaleEntry e) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("sentinel", e.sentinel().toString());
        json.put("address", e.address());
        json.put("reason", e.reason());
        return json;
    }

    static Map<String, Object> finding(Finding f) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("check", f.check());
        json.put("severity", f.severity().name().toLowerCase(Locale.ROOT));
        json.put("detail", f.detail());
        json.put("fix", f.fix());
        return json;
    }

    static Map<String, Object> reply(SentinelReply r) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("sentinel", r.sentinel().toString());
        json.put("reachable", r.isReachable());
        json.put("error", r.error());
        json.put("entries", r.entries());
        return json;
    }

    static Map<String, Object> validation(ValidationReport report) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("verdict", verdict(report.worst()));
        json.put("at", report.at().toString());
        json.put(
                "findings",
                report.findings().stream().map(SentinelJson::finding).toList());
        return json;
    }

    static Map<String, Object> failover(FailoverResult r) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("confirmed", true);
        json.put("completed", r.completed());
        json.put("oldMaster", r.oldMaster().toString());
        json.put("newMaster", str(r.newMaster()));
        json.put("millis", r.millis());
        json.put("askedVia", str(r.askedVia()));
        Map<String, String> seen = new LinkedHashMap<>();
        r.lastSeen().forEach((s, named) -> seen.put(s.toString(), named)); // configuration order
        json.put("sentinels", seen);
        json.put("error", r.error());
        return json;
    }

    static Map<String, Object> failoverPlan(FailoverPlan p) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("confirmed", false);
        json.put("master", p.master().toString());
        json.put("sentinelsAgree", p.everySentinelAgrees());
        json.put("candidates", p.candidates().stream().map(ReplicaView::address).toList());
        json.put("askOrder", p.askOrder().stream().map(HostAndPort::toString).toList());
        json.put("sentinels", p.sentinels());
        return json;
    }

    static Map<String, Object> reset(ResetReport r) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("confirmed", r.confirmed());
        json.put("succeeded", r.confirmed() && r.succeeded());
        json.put("stale", r.stale().stream().map(SentinelJson::stale).toList());
        json.put("targets", r.targets().stream().map(HostAndPort::toString).toList());
        json.put(
                "steps",
                r.steps().stream()
                        .map(step -> {
                            Map<String, Object> s = new LinkedHashMap<>();
                            s.put("sentinel", step.sentinel().toString());
                            s.put("recovered", step.recovered());
                            s.put("millis", step.millis());
                            s.put("detail", step.detail());
                            return s;
                        })
                        .toList());
        return json;
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
