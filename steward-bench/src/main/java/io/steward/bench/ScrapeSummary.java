package io.steward.bench;

import java.util.Map;
import java.util.stream.Collectors;

/** The scrape benchmark's report as a few readable lines, for a terminal. */
final class ScrapeSummary {

    private ScrapeSummary() {}

    static String render(ScrapeReport r) {
        StringBuilder s = new StringBuilder();
        ScrapeReport.Latency l = r.latency();
        ScrapeReport.Sizes size = r.size();
        ScrapeReport.Commands c = r.commands();
        s.append(String.format(
                "scrape: %s keys on the master, %s scrapes of each (after %s), profile %s%n",
                r.parameters().get("keys"),
                r.parameters().get("scrapes"),
                r.parameters().get("warmUpScrapes"),
                r.parameters().get("profile")));
        s.append(String.format("  %-30s %14s %16s%n", "", "steward", "redis_exporter"));
        row(s, "latency median (ms)", l.steward().medianMs(), l.peer().medianMs());
        row(s, "latency p90 (ms)", l.steward().p90Ms(), l.peer().p90Ms());
        row(s, "latency p99 (ms)", l.steward().p99Ms(), l.peer().p99Ms());
        ScrapeReport.Latency.SteadyState steady = l.steadyState();
        row(
                s,
                "steady-state median (ms)",
                steady.steward().medianMs(),
                steady.peer().medianMs());
        row(s, "steady-state p99 (ms)", steady.steward().p99Ms(), steady.peer().p99Ms());
        s.append(String.format(
                "  %-30s %14d %16d%n",
                "lines per scrape", size.steward().medianLines(), size.peer().medianLines()));
        s.append(String.format(
                "  %-30s %14d %16d%n",
                "bytes per scrape", size.steward().medianBytes(), size.peer().medianBytes()));
        row(
                s,
                "commands per scrape (master)",
                c.stewardPerScrape().commands(),
                c.peerPerScrape().commands());
        row(
                s,
                "connections per scrape",
                c.stewardPerScrape().connections(),
                c.peerPerScrape().connections());
        s.append(String.format(
                "  redis_exporter's commands per scrape: %s%s%n",
                names(c.peerPerScrape().byCommand()),
                c.peerPerScrape().rejected().isEmpty()
                        ? ""
                        : "; refused by the monitor ACL: "
                                + names(c.peerPerScrape().rejected())));
        s.append(String.format(
                "  ratio of medians steward / redis_exporter: %s (goal <= %s: %s); steady state %s%n",
                l.ratioOfMedians(),
                r.goals().latencyRatioAtMost(),
                r.goals().latencyMet() ? "met" : "NOT met",
                steady.ratioOfMedians()));
        ScrapeReport.Collection col = c.collection();
        s.append(String.format(
                "  steward collection every %.0f s, all nodes: %s commands per round (series), %s measured"
                        + " (%d rounds; master %s)%n",
                col.intervalSeconds(),
                col.perRoundFromSeries(),
                col.perRoundMeasured() == null ? "-" : col.perRoundMeasured().commands(),
                col.rounds(),
                col.masterPerRound() == null ? "-" : names(col.masterPerRound().byCommand())));
        ScrapeReport.Memory m = r.memory();
        if (m.maxRssMib() != null) {
            s.append(String.format(
                    "  daemon VmRSS (%s, %d min, scraped every %d s): max %.1f MiB, final %.1f MiB, VmHWM %s MiB"
                            + " (goal <= %.0f MiB: %s); redis_exporter max %s MiB%n",
                    m.mode(),
                    m.minutes(),
                    m.scrapeEverySeconds(),
                    m.maxRssMib(),
                    m.finalRssMib(),
                    m.peakHwmMib(),
                    r.goals().rssMibAtMost(),
                    Boolean.TRUE.equals(r.goals().rssMet()) ? "met" : "NOT met",
                    m.exporterMaxRssMib()));
        }
        if (r.promtool() != null) {
            s.append(String.format(
                    "  promtool check metrics: steward %d problems, redis_exporter %d%n",
                    r.promtool().steward().size(), r.promtool().peer().size()));
        }
        return s.toString().stripTrailing();
    }

    private static void row(StringBuilder s, String label, double steward, double peer) {
        s.append(String.format("  %-30s %14.3f %16.3f%n", label, steward, peer));
    }

    private static String names(Map<String, Double> byName) {
        if (byName.isEmpty()) {
            return "none";
        }
        return byName.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
