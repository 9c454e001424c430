package io.steward.server.http;

import io.steward.backup.RestoreJournal;
import io.steward.monitor.alert.AlertState;
import io.steward.monitor.history.MetricField;
import io.steward.ops.config.ServerConfig;
import io.steward.ops.health.HealthReport;
import io.steward.provision.TopologyMode;
import io.steward.server.collect.CollectionRound;
import io.steward.server.collect.NodeState;
import io.steward.server.collect.SentinelState;
import io.steward.server.collect.TopologyView;
import io.steward.server.internal.DeploymentWatch;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Server-rendered HTML of the dashboard and its login form.
 *
 * <p>The first render already holds the header and the topology map of the latest collection round,
 * so the page is useful without JavaScript. {@code /static/dashboard.js} then draws the charts and
 * tables from {@code /api/…} and keeps everything current from {@code /api/stream}; it renders the
 * topology with the same markup as {@link #topology}, so change both together. Every value is
 * escaped with {@link Html#escape}, no script or style is inline, and the token never appears in a
 * page.
 */
final class DashboardPage {

    /** One chart: the {@code /api/series} field it draws and how its values are formatted. */
    record Chart(String field, String title, String unit) {}

    /** The charts, in page order. Latency is the collector's round trip to each node; spikes are a table. */
    static final List<Chart> CHARTS = List.of(
            new Chart(MetricField.USED_MEMORY, "Memory used", "bytes"),
            new Chart(MetricField.OPS_PER_SEC, "Throughput (ops/s)", "count"),
            new Chart(MetricField.ROUND_TRIP_MILLIS, "Latency (round trip)", "ms"),
            new Chart(HttpApi.HIT_RATIO, "Hit ratio", "ratio"),
            new Chart(MetricField.CONNECTED_CLIENTS, "Connected clients", "count"),
            new Chart(MetricField.KEYS, "Keys", "count"),
            new Chart(MetricField.REPL_LAG_SECONDS, "Replication lag", "seconds"));

    /** The chart ranges offered, label and minutes; {@link #DEFAULT_MINUTES} is selected first. */
    static final List<Range> RANGES = List.of(
            new Range("15m", 15),
            new Range("1h", 60),
            new Range("6h", 360),
            new Range("24h", 1440),
            new Range("7d", 10080));

    static final int DEFAULT_MINUTES = 60;

    record Range(String label, int minutes) {}

    /** The page's sections, in order; each has the id of its name in lower case. */
    static final List<String> SECTIONS = List.of(
            "Topology", "Charts", "Alerts", "Health", "Events", "Slowlog", "Latency", "Backups", "Capacity", "Jobs");

    /** uPlot from its webjar (no npm build step). */
    static final String UPLOT = "/webjars/uplot/1.6.30/dist/";

    /** Where the token lives, for the login hint: relative to the Steward home. */
    static final String TOKEN_HINT_PATH = ServerConfig.DEFAULT_TOKEN_FILE.toString();

    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern(
                    "yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private DashboardPage() {}

    static String login(boolean failed) {
        StringBuilder out = new StringBuilder(2048);
        out.append(head("Steward - sign in"));
        out.append("<body class=login><main class=login-card>")
                .append("<h1><span class=brand>Steward</span> dashboard</h1>")
                .append("<form method=post action=/login autocomplete=off>")
                .append("<label for=token>Dashboard token</label>")
                .append("<input type=password name=token id=token required autofocus")
                .append(failed ? " aria-invalid=true aria-describedby=login-error" : "")
                .append(" spellcheck=false>")
                .append("<button type=submit id=signin>Sign in</button>")
                .append("</form>");
        if (failed) {
            out.append("<p id=login-error class=error role=alert>That token is not valid. ")
                    .append("Copy it again from the file named below.</p>");
        }
        out.append("<p class=hint>The token is in <code>")
                .append(Html.escape(TOKEN_HINT_PATH))
                .append("</code> in the Steward home (<code>.steward</code> unless <code>--home</code> or ")
                .append("<code>STEWARD_HOME</code> say otherwise), and <code>steward up</code> prints it. ")
                .append("For example: <code>cat .steward/")
                .append(Html.escape(TOKEN_HINT_PATH))
                .append("</code></p>")
                .append("</main></body></html>");
        return out.toString();
    }

    static String render(DeploymentWatch watch, Clock clock) {
        Optional<CollectionRound> round = watch.latestRound();
        String name = watch.config().name();
        StringBuilder out = new StringBuilder(16_384);
        out.append(head("Steward - " + name));
        out.append("<body class=dashboard data-default-minutes=")
                .append(DEFAULT_MINUTES)
                .append('>');
        header(out, watch, round.map(CollectionRound::view), clock.instant());
        out.append("<nav class=sections>");
        for (String section : SECTIONS) {
            navLink(out, section);
        }
        out.append("</nav><main>");
        RestoreJournal.read(watch.config().baseDir()).ifPresent(r -> restoreNotice(out, r));
        out.append("<noscript><p class=notice>Charts, tables and live updates need JavaScript. ")
                .append("The same data is in the JSON API under <code>/api/</code>.</p></noscript>");
        out.append("<section class=\"panel wide\" aria-labelledby=topology-title>")
                .append("<h2 id=topology-title>Topology</h2>")
                .append(topology(
                        round.map(CollectionRound::view),
                        watch.config().topology().masterName()))
                .append("</section>");
        charts(out);
        panels(out);
        out.append("</main>")
                .append("<script src=\"" + UPLOT + "uPlot.iife.min.js\"></script>")
                .append("<script src=\"/static/dashboard.js\"></script>")
                .append("</body></html>");
        return out.toString();
    }

    /**
     * A restore that has not finished: what, where, since when, and how to finish or roll back. The
     * browser test finds it as {@code #restore-journal[data-backup][data-state]}.
     */
    static void restoreNotice(StringBuilder out, RestoreJournal r) {
        boolean running = r.isRunning();
        out.append("<section id=restore-journal class=\"notice ")
                .append(running ? "warn" : "critical")
                .append("\" role=alert data-state=")
                .append(running ? "running" : "interrupted")
                .append(" data-backup=\"")
                .append(Html.escape(r.backupId()))
                .append("\"><h2>")
                .append(running ? "Restore in progress" : "Restore interrupted")
                .append("</h2><p>")
                .append(Html.escape(r.describe()))
                .append(".</p><p>Finish: <code>")
                .append(Html.escape(r.finishCommand()))
                .append("</code>");
        r.rollbackCommand().ifPresent(c -> out.append(" &middot; roll back: <code>")
                .append(Html.escape(c))
                .append("</code>"));
        out.append("</p></section>");
    }

    private static String head(String title) {
        return "<!doctype html><html lang=en><head><meta charset=utf-8>"
                + "<meta name=viewport content=\"width=device-width, initial-scale=1\">"
                + "<meta name=referrer content=no-referrer>"
                + "<title>" + Html.escape(title) + "</title>"
                + "<link rel=stylesheet href=\"" + UPLOT + "uPlot.min.css\">"
                + "<link rel=stylesheet href=\"/static/dashboard.css\"></head>";
    }

    private static void navLink(StringBuilder out, String section) {
        out.append("<a href=\"#")
                .append(section.toLowerCase(Locale.ROOT))
                .append("\">")
                .append(section)
                .append("</a>");
    }

    private static void header(StringBuilder out, DeploymentWatch watch, Optional<TopologyView> view, Instant now) {
        var config = watch.config();
        out.append("<header class=top><div class=title>")
                .append("<span class=brand>Steward</span>")
                .append("<h1 id=deployment>")
                .append(Html.escape(config.name()))
                .append("</h1><span id=mode class=mode>")
                .append(Html.escape(config.topology().mode().id()));
        if (config.topology().mode() == TopologyMode.SENTINEL) {
            out.append(" &middot; master name ")
                    .append(Html.escape(config.topology().masterName()));
        }
        out.append("</span></div><div class=status>");
        verdict(out, watch.latestHealth());
        long firing = watch.activeAlerts().stream()
                .filter(a -> a.state() == AlertState.FIRING)
                .count();
        long pending = watch.activeAlerts().stream()
                .filter(a -> a.state() == AlertState.PENDING)
                .count();
        out.append("<a href=\"#alerts\" id=firing class=\"badge ")
                .append(firing > 0 ? "critical" : pending > 0 ? "warn" : "ok")
                .append("\">")
                .append(firing)
                .append(" firing");
        if (pending > 0) {
            out.append(", ").append(pending).append(" pending");
        }
        out.append("</a><span id=updated class=updated>");
        if (view.isPresent()) {
            Instant at = view.get().at();
            out.append("Updated <time datetime=\"")
                    .append(Html.escape(at.toString()))
                    .append("\">")
                    .append(Html.escape(UTC_TIME.format(at)))
                    .append(" (")
                    .append(Math.max(0, Duration.between(at, now).toSeconds()))
                    .append(" s ago)</time>");
        } else {
            out.append("Waiting for the first collection round");
        }
        out.append("</span><span id=live class=\"live off\" title=\"Live updates from /api/stream\">offline</span>")
                .append("<form method=post action=/logout class=signout>")
                .append("<button type=submit id=signout>Sign out</button></form>")
                .append("</div></header>");
    }

    private static void verdict(StringBuilder out, Optional<HealthReport> health) {
        String level =
                health.map(h -> h.verdict().name().toLowerCase(Locale.ROOT)).orElse("unknown");
        String words =
                switch (level) {
                    case "ok" -> "healthy";
                    case "warn" -> "degraded";
                    case "critical" -> "critical";
                    default -> "checking";
                };
        out.append("<a href=\"#health\" id=verdict class=\"badge ")
                .append(Html.escape(level))
                .append("\" data-verdict=\"")
                .append(Html.escape(level))
                .append("\">")
                .append(words)
                .append("</a>");
    }

    /**
     * The topology map: data nodes (masters first) then Sentinels. The markup is the contract of the
     * browser test and of {@code dashboard.js}: {@code #topology[data-master]}, {@code .node[data-role][data-address][data-up]}
     * and {@code .sentinel[data-address][data-up]}.
     */
    static String topology(Optional<TopologyView> view, String masterName) {
        StringBuilder out = new StringBuilder(4096);
        boolean withSentinels = view.map(v -> !v.sentinels().isEmpty()).orElse(false);
        out.append("<div id=topology")
                .append(withSentinels ? " class=with-sentinels" : "")
                .append(" data-master-name=\"")
                .append(Html.escape(masterName))
                .append("\" data-master=\"")
                .append(Html.escape(view.flatMap(TopologyView::currentMaster)
                        .map(Object::toString)
                        .orElse("")))
                .append("\">");
        if (view.isEmpty()) {
            out.append("<p class=muted>Waiting for the first collection round.</p></div>");
            return out.toString();
        }
        TopologyView v = view.get();
        Optional<NodeState> master = v.currentMaster().flatMap(v::node);
        out.append("<div class=nodes>");
        v.nodes().stream()
                .sorted(Comparator.comparingInt(DashboardPage::roleOrder))
                .forEach(n -> node(out, n, master));
        if (v.nodes().isEmpty()) {
            out.append("<p class=muted>No data node found yet.</p>");
        }
        out.append("</div>");
        if (!v.sentinels().isEmpty()) {
            out.append("<div class=sentinels>");
            v.sentinels()
                    .forEach(s -> sentinel(
                            out, s, v.currentMaster().map(Object::toString).orElse(null)));
            out.append("</div>");
        }
        if (v.clusterState() != null) {
            out.append("<p class=cluster-state>cluster_state: <b>")
                    .append(Html.escape(v.clusterState()))
                    .append("</b></p>");
        }
        out.append("</div>");
        return out.toString();
    }

    private static int roleOrder(NodeState node) {
        return switch (role(node)) {
            case "master" -> 0;
            case "replica" -> 1;
            default -> 2;
        };
    }

    private static String role(NodeState node) {
        return node.isMaster() ? "master" : "replica".equals(node.role()) ? "replica" : "unknown";
    }

    private static void node(StringBuilder out, NodeState node, Optional<NodeState> master) {
        String role = role(node);
        out.append("<article class=\"node ")
                .append(role)
                .append(node.isUp() ? "" : " down")
                .append("\" data-role=")
                .append(role)
                .append(" data-address=\"")
                .append(Html.escape(node.address().toString()))
                .append("\" data-up=")
                .append(node.isUp())
                .append("><header><span class=role>")
                .append(role)
                .append("</span><span class=address>")
                .append(Html.escape(node.address().toString()))
                .append("</span>");
        upBadge(out, node.isUp());
        out.append("</header>");
        if (!node.isUp()) {
            out.append("<p class=error>").append(Html.escape(node.error())).append("</p></article>");
            return;
        }
        out.append("<dl>");
        row(out, "Version", node.info().redisVersion().orElse("?"));
        double used = node.field(MetricField.USED_MEMORY).orElse(0.0);
        double max = node.field(MetricField.MAXMEMORY).orElse(0.0);
        out.append("<dt>Memory</dt><dd>")
                .append(Html.escape(bytes(used)))
                .append(" / ")
                .append(max > 0 ? Html.escape(bytes(max)) : "no limit");
        if (max > 0) {
            out.append("<meter min=0 max=1 low=0.7 high=0.85 optimum=0 value=\"")
                    .append(String.format(Locale.ROOT, "%.4f", Math.min(1, used / max)))
                    .append("\"></meter>");
        }
        out.append("</dd>");
        row(out, "Clients", count(node.field(MetricField.CONNECTED_CLIENTS)));
        row(out, "Ops/s", count(node.field(MetricField.OPS_PER_SEC)));
        row(out, "Keys", count(node.field(MetricField.KEYS)));
        row(out, "Replication", replication(node, master));
        row(
                out,
                "Round trip",
                String.format(Locale.ROOT, "%.1f ms", node.roundTrip().toNanos() / 1e6));
        out.append("</dl></article>");
    }

    /** A replica's link, lag in seconds and bytes behind its master; a master's largest replica lag. */
    static String replication(NodeState node, Optional<NodeState> master) {
        Optional<Double> lag = node.field(MetricField.REPL_LAG_SECONDS);
        if (node.isMaster()) {
            return lag.map(l -> "replicas lag " + count(Optional.of(l)) + " s at most")
                    .orElse("no replicas");
        }
        StringBuilder out =
                new StringBuilder("link ").append(node.info().masterLinkStatus().orElse("?"));
        lag.ifPresent(
                l -> out.append(", last I/O ").append(count(Optional.of(l))).append(" s ago"));
        Optional<Double> behind = master.flatMap(m -> m.field(MetricField.REPL_OFFSET))
                .flatMap(mo -> node.field(MetricField.REPL_OFFSET).map(ro -> Math.max(0, mo - ro)));
        behind.ifPresent(b -> out.append(", ").append(bytes(b)).append(" behind"));
        return out.toString();
    }

    private static void sentinel(StringBuilder out, SentinelState s, String agreedMaster) {
        String named = s.master() == null ? null : s.master().toString();
        boolean disagrees = s.isUp() && agreedMaster != null && !agreedMaster.equals(named);
        out.append("<article class=\"sentinel")
                .append(s.isUp() ? "" : " down")
                .append(disagrees ? " disagrees" : "")
                .append("\" data-address=\"")
                .append(Html.escape(s.address().toString()))
                .append("\" data-up=")
                .append(s.isUp())
                .append("><header><span class=role>sentinel</span><span class=address>")
                .append(Html.escape(s.address().toString()))
                .append("</span>");
        upBadge(out, s.isUp());
        out.append("</header>");
        if (!s.isUp()) {
            out.append("<p class=error>").append(Html.escape(s.error())).append("</p></article>");
            return;
        }
        out.append("<dl class=pairs>");
        pair(out, "Master", named == null ? "unknown" : named + (disagrees ? " (differs)" : ""));
        out.append("<div><dt>Quorum</dt><dd class=")
                .append(s.quorumOk() ? "ok" : "bad")
                .append('>')
                .append(s.quorumOk() ? "ok" : "NOT reachable")
                .append("</dd></div><div><dt>Tilt</dt><dd class=")
                .append(s.tilt() ? "bad>TILT" : "ok>no")
                .append("</dd></div>");
        pair(out, "Peers", s.otherSentinels() + " sentinel" + (s.otherSentinels() == 1 ? "" : "s"));
        if (!s.flags().isBlank()) {
            pair(out, "Flags", s.flags());
        }
        out.append("</dl></article>");
    }

    /** A term and its value grouped in a div, so they wrap together in the inline layout. */
    private static void pair(StringBuilder out, String term, String value) {
        out.append("<div>");
        row(out, term, value);
        out.append("</div>");
    }

    private static void upBadge(StringBuilder out, boolean up) {
        out.append(up ? "<span class=\"state up\">up</span>" : "<span class=\"state down\">down</span>");
    }

    private static void row(StringBuilder out, String term, String value) {
        out.append("<dt>")
                .append(Html.escape(term))
                .append("</dt><dd>")
                .append(Html.escape(value))
                .append("</dd>");
    }

    private static void charts(StringBuilder out) {
        out.append("<section class=\"panel wide\" id=charts aria-labelledby=charts-title>")
                .append("<div class=panel-head><h2 id=charts-title>Charts</h2>")
                .append("<div id=range class=range role=group aria-label=\"Time range\">");
        for (Range r : RANGES) {
            out.append("<button type=button data-minutes=")
                    .append(r.minutes())
                    .append(" aria-pressed=")
                    .append(r.minutes() == DEFAULT_MINUTES)
                    .append('>')
                    .append(r.label())
                    .append("</button>");
        }
        out.append("</div></div><div class=chart-grid>");
        for (Chart c : CHARTS) {
            out.append("<figure class=chart-box><figcaption>")
                    .append(Html.escape(c.title()))
                    .append("</figcaption><div class=chart data-field=\"")
                    .append(Html.escape(c.field()))
                    .append("\" data-unit=\"")
                    .append(Html.escape(c.unit()))
                    .append("\"></div></figure>");
        }
        out.append("</div></section>");
    }

    /** The panels {@code dashboard.js} fills; each body says what it waits for until then. */
    private static void panels(StringBuilder out) {
        out.append("<div class=panels>");
        panel(
                out,
                "alerts",
                "Alerts",
                "<h3>Active</h3><div id=alerts-active></div><h3>History</h3>" + "<div id=alerts-history></div>");
        panel(
                out,
                "health",
                "Health",
                "<div id=health-problems></div><h3>Memory checks</h3><div id=memory-checks></div>");
        panel(out, "events", "Events (24 h)", "<div id=events-table></div>");
        panel(out, "slowlog", "Slowlog (24 h)", "<div id=slowlog-table></div>");
        panel(out, "latency", "Latency events (24 h)", "<div id=latency-table></div>");
        panel(
                out,
                "backups",
                "Backups",
                "<div class=actions><button type=button id=backup-now data-type=rdb>Back up now</button>"
                        + "<span id=backup-message role=status aria-live=polite></span></div>"
                        + "<div id=backups-table></div>");
        panel(out, "capacity", "Capacity", "<div id=capacity-body></div>");
        panel(out, "jobs", "Jobs", "<div id=jobs-table></div>");
        out.append("</div>");
    }

    private static void panel(StringBuilder out, String id, String title, String body) {
        out.append("<section class=panel id=")
                .append(id)
                .append("><h2>")
                .append(Html.escape(title))
                .append("</h2><div class=panel-body data-loading>")
                .append(body)
                .append("</div></section>");
    }

    /** Binary units with at most one decimal, as {@code dashboard.js} formats them: {@code 1.5 MiB}, {@code 256 MiB}. */
    static String bytes(double value) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = value;
        int unit = 0;
        while (Math.abs(v) >= 1024 && unit < units.length - 1) {
            v /= 1024;
            unit++;
        }
        return unit == 0
                ? String.format(Locale.ROOT, "%.0f B", v)
                : String.format(Locale.ROOT, "%.1f %s", v, units[unit]).replace(".0 ", " ");
    }

    private static String count(Optional<Double> value) {
        return value.map(v -> v == Math.rint(v)
                        ? String.format(Locale.ROOT, "%.0f", v)
                        : String.format(Locale.ROOT, "%.1f", v))
                .orElse("?");
    }
}
