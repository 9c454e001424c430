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
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/** The text rendering of each {@code steward sentinel} result. */
final class SentinelText {
    private SentinelText() {}

    static void status(PrintWriter out, SentinelStatus s) {
        out.printf(
                "master '%s': %s (%s, CKQUORUM %s)%n",
                s.masterName(),
                s.master() == null ? "unknown" : s.master(),
                s.agreed() ? "all Sentinels agree" : "Sentinels DISAGREE or are missing",
                s.quorumOk() ? "ok" : "FAILS");
        out.println();
        out.printf(
                "  %-21s %-21s %5s %-22s %4s %9s %6s %s%n",
                "SENTINEL", "MASTER", "EPOCH", "FLAGS", "TILT", "LAST-PING", "QUORUM", "KNOWS");
        for (SentinelView v : s.sentinels()) {
            if (v.error() != null) {
                out.printf("  %-21s %s%n", v.sentinel(), "ERROR " + v.error());
                continue;
            }
            out.printf(
                    "  %-21s %-21s %5d %-22s %4s %7dms %6s %d sentinels%n",
                    v.sentinel(),
                    v.master(),
                    v.configEpoch(),
                    v.flags(),
                    v.tilt() ? "YES" : "no",
                    v.lastOkPingMillis(),
                    v.quorum() + (v.quorumOk() ? " ok" : " !!"),
                    v.knownSentinels());
        }
        out.println();
        out.printf(
                "  %-21s %-10s %-5s %-12s %12s %8s %8s %s%n",
                "REPLICA", "STATE", "LINK", "CONNECTED", "LAG-BYTES", "LAG-S", "PRIORITY", "FLAGS");
        for (ReplicaView r : s.replicas()) {
            out.printf(
                    "  %-21s %-10s %-5s %-12s %12s %8s %8s %s%n",
                    r.address(),
                    r.state(),
                    r.linkStatus(),
                    r.connected() ? "yes" : "NO",
                    known(r.offsetLagBytes()),
                    known(r.lagSeconds()),
                    known(r.priority()),
                    r.flags());
        }
        if (!s.findings().isEmpty()) {
            out.println();
            findings(out, s.findings(), false);
        }
        out.printf("%nverdict: %s%n", SentinelJson.verdict(s.worst()));
    }

    static void findings(PrintWriter out, List<Finding> findings, boolean withPassed) {
        for (Finding f : findings) {
            if (!withPassed && f.severity() == Finding.Severity.INFO) {
                continue;
            }
            String badge =
                    switch (f.severity()) {
                        case INFO -> "ok";
                        case WARNING -> "WARN";
                        case ERROR -> "ERROR";
                    };
            out.printf("  %-6s %-22s %s%n", badge, f.check(), f.detail());
            if (!f.fix().isEmpty()) {
                out.printf("  %-6s %-22s fix: %s%n", "", "", f.fix());
            }
        }
    }

    static void replies(PrintWriter out, List<SentinelReply> replies, String lead) {
        for (SentinelReply r : replies) {
            out.println("sentinel " + r.sentinel());
            if (!r.isReachable()) {
                out.println("  ERROR " + r.error());
                continue;
            }
            if (r.entries().isEmpty()) {
                out.println("  (none)");
            }
            for (Map<String, String> entry : r.entries()) {
                String head = "ip".equals(lead)
                        ? entry.getOrDefault("ip", "?") + ":" + entry.getOrDefault("port", "?")
                        : entry.getOrDefault(lead, "?");
                out.printf("  %-21s flags=%s%n", head, entry.getOrDefault("flags", ""));
                entry.entrySet().stream()
                        .sorted(Map.Entry.comparingByKey())
                        .forEach(e -> out.printf("    %-28s %s%n", e.getKey(), e.getValue()));
            }
        }
    }

    static void failover(PrintWriter out, FailoverResult r) {
        if (r.completed()) {
            out.printf(
                    "Failover done in %d ms: master %s -> %s (asked %s; every Sentinel agrees).%n",
                    r.millis(), r.oldMaster(), r.newMaster(), r.askedVia());
            return;
        }
        out.printf("Failover NOT confirmed after %d ms (old master %s): %s%n", r.millis(), r.oldMaster(), r.error());
        r.lastSeen().forEach((s, named) -> out.printf("  sentinel %-21s names %s%n", s, named));
    }

    static void failoverPlan(PrintWriter out, FailoverPlan p) {
        out.printf(
                "Would fail over from master %s (named by %s of the %d Sentinels%s).%n",
                p.master(),
                p.everySentinelAgrees() ? "all" : p.askOrder().size(),
                p.sentinels(),
                p.everySentinelAgrees() ? "" : ": a majority, the others do not agree on the master now");
        out.println("Would ask, in order (the next only if one cannot be reached or refuses): "
                + String.join(
                        ", ", p.askOrder().stream().map(HostAndPort::toString).toList()));
        if (p.candidates().isEmpty()) {
            out.println("Candidates: none connected; Sentinel would refuse (NOGOODSLAVE).");
        } else {
            out.println("Candidates (Sentinel promotes by priority, then replication offset):");
            for (ReplicaView r : p.candidates()) {
                out.printf(
                        "  %-21s priority %s, %s bytes behind%n",
                        r.address(), known(r.priority()), known(r.offsetLagBytes()));
            }
        }
        out.println("Nothing was changed. Re-run with --confirm to fail over.");
    }

    static void reset(PrintWriter out, ResetReport r) {
        if (r.stale().isEmpty()) {
            out.println("No stale replica entries: nothing to reset.");
            return;
        }
        out.println("Stale replica entries:");
        for (StaleEntry e : r.stale()) {
            out.printf("  %-21s on sentinel %s: %s%n", e.address(), e.sentinel(), e.reason());
        }
        if (!r.confirmed()) {
            out.println("Would reset, one at a time: "
                    + String.join(
                            ", ",
                            r.targets().stream().map(HostAndPort::toString).toList()));
            out.println("Nothing was changed. Re-run with --confirm to reset them.");
            return;
        }
        for (ResetReport.Step step : r.steps()) {
            out.printf(
                    "  reset %-21s %s in %d ms: %s%n",
                    step.sentinel(), step.recovered() ? "recovered" : "NOT recovered", step.millis(), step.detail());
        }
        out.println(r.succeeded() ? "Done." : "Stopped: a Sentinel did not recover; the rest were not reset.");
    }

    private static String known(long value) {
        return value < 0 ? "-" : String.valueOf(value);
    }
}
