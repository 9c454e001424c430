package io.steward.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.steward.backup.BackupType;
import io.steward.backup.RestoreJournal;
import io.steward.monitor.history.MetricField;
import io.steward.monitor.history.MetricsHistory;
import io.steward.monitor.history.Point;
import io.steward.monitor.history.Resolution;
import io.steward.monitor.trend.TrendAnalyzer;
import io.steward.ops.health.HealthReport;
import io.steward.ops.health.Severity;
import io.steward.server.collect.CollectionRound;
import io.steward.server.collect.TopologyView;
import io.steward.server.internal.DeploymentWatch;
import io.steward.server.internal.Verifications;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The daemon's HTTP surface on Javalin: {@code /health} (open), {@code /metrics}, {@code /api/…} and
 * the dashboard (token required). Every handler reads the {@link DeploymentWatch}; only the backup
 * endpoints make the daemon do work.
 */
public final class HttpApi {

    /** Paths served without the token: the health probe, the login form and static assets. */
    private static final Set<String> OPEN_PREFIXES = Set.of("/health", "/login", "/static/", "/webjars/");

    /** The longest range the series endpoint reads, matching the hour rollups' retention. */
    static final Duration MAX_RANGE = Duration.ofDays(90);

    private final DeploymentWatch watch;
    private final TokenGuard guard;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .registerModule(new Jdk8Module())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);

    private HttpApi(DeploymentWatch watch, String token, Clock clock) {
        this.watch = watch;
        this.guard = new TokenGuard(token);
        this.clock = clock;
    }

    /**
     * Builds the server (not started).
     *
     * @param token the bearer token every path but {@code /health}, the login form and assets require
     */
    public static Javalin create(DeploymentWatch watch, String token, Clock clock) {
        return new HttpApi(watch, token, clock).build();
    }

    private Javalin build() {
        // Javalin's startup lines (including a nag about its release age) would reach users' terminals;
        // the daemon logs its own address
        io.javalin.util.JavalinLogger.startupInfo = false;
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(json, false));
            config.staticFiles.add(static_ -> {
                static_.hostedPath = "/static";
                static_.directory = "/io/steward/server/static";
                static_.location = Location.CLASSPATH;
            });
            config.staticFiles.enableWebjars();
        });
        app.before(this::requireToken);
        app.get("/health", this::health);
        app.get("/login", ctx -> ctx.html(DashboardPage.login(false)));
        app.post("/login", this::login);
        app.post("/logout", ctx -> {
            guard.endSession(ctx);
            ctx.redirect("/login");
        });
        app.get("/", ctx -> ctx.html(DashboardPage.render(watch, clock)));
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(MetricsExposition.render(watch, clock)));
        app.get("/api/topology", ctx -> ctx.json(topology()));
        app.get(
                "/api/health",
                ctx -> ctx.json(watch.latestHealth().map(JsonViews::health).orElse(Map.of("verdict", "unknown"))));
        app.get("/api/series", this::series);
        app.get(
                "/api/alerts",
                ctx -> ctx.json(Map.of(
                        "active",
                                watch.activeAlerts().stream()
                                        .map(JsonViews::alert)
                                        .toList(),
                        "history",
                                watch.alertHistory().stream()
                                        .map(JsonViews::transition)
                                        .toList())));
        app.get("/api/events", ctx -> {
            Instant to = clock.instant();
            List<Map<String, Object>> events = new ArrayList<>();
            // a restore that has not finished heads the timeline until a restore completes
            RestoreJournal.read(watch.config().baseDir())
                    .map(JsonViews::restoreJournal)
                    .ifPresent(events::add);
            newestFirst(watch.history().events(to.minus(hours(ctx, 24)), to.plusMillis(1))).stream()
                    .map(JsonViews::event)
                    .forEach(events::add);
            ctx.json(events);
        });
        app.get("/api/slowlog", ctx -> {
            Instant to = clock.instant();
            int limit = intParam(ctx, "limit", 50, 1, 1000);
            ctx.json(watch.history().slowlog(to.minus(hours(ctx, 24)), to.plusMillis(1), limit).stream()
                    .map(JsonViews::slowlog)
                    .toList());
        });
        app.get("/api/latency", ctx -> {
            Instant to = clock.instant();
            ctx.json(watch.history().latency(to.minus(hours(ctx, 24)), to.plusMillis(1)).stream()
                    .map(JsonViews::latency)
                    .toList());
        });
        app.get(
                "/api/backups",
                ctx -> ctx.json(newestFirst(watch.backups().list()).stream()
                        .map(JsonViews::backup)
                        .toList()));
        app.post("/api/backups", this::triggerBackup);
        app.post("/api/backups/{id}/verify", this::verifyBackup);
        app.get(
                "/api/verifications",
                ctx -> ctx.json(watch.backups().verifications().list().stream()
                        .map(JsonViews::verification)
                        .toList()));
        app.get("/api/verifications/{id}", this::verification);
        app.get("/api/capacity", ctx -> ctx.json(watch.capacity()));
        // the scheduled trends job's latest summary, or one computed now for ?hours=N
        app.get(
                "/api/analysis",
                ctx -> ctx.json(
                        ctx.queryParam("hours") == null
                                        && watch.latestAnalysis().isPresent()
                                ? watch.latestAnalysis().get()
                                : TrendAnalyzer.analyze(watch.history(), hours(ctx, 6))));
        app.get(
                "/api/memory",
                ctx -> ctx.json(
                        watch.memoryChecks().stream().map(JsonViews::check).toList()));
        app.get(
                "/api/jobs",
                ctx -> ctx.json(watch.jobs().stream().map(JsonViews::job).toList()));
        app.sse("/api/stream", client -> {
            client.keepAlive();
            Consumer<CollectionRound> listener =
                    round -> client.sendEvent("round", writeJson(JsonViews.topology(round.view())));
            watch.onRound(listener);
            // a failover announced between rounds: the new master at once, the round follows
            Consumer<TopologyView> changes = view -> client.sendEvent("topology", writeJson(JsonViews.topology(view)));
            watch.onTopologyChange(changes);
            client.onClose(() -> {
                watch.removeListener(listener);
                watch.removeTopologyListener(changes);
            });
        });
        app.exception(
                BadRequest.class, (e, ctx) -> ctx.status(HttpStatus.BAD_REQUEST).json(Map.of("error", e.getMessage())));
        app.exception(io.steward.StewardException.class, (e, ctx) -> ctx.status(HttpStatus.INTERNAL_SERVER_ERROR)
                .json(Map.of("error", e.getMessage())));
        return app;
    }

    private void requireToken(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; object-src 'none'");
        ctx.header("Referrer-Policy", "no-referrer");
        String path = ctx.path();
        if (OPEN_PREFIXES.stream().anyMatch(path::startsWith)) {
            return;
        }
        TokenGuard.Proof proof = guard.proof(ctx);
        if (proof == TokenGuard.Proof.COOKIE && !"GET".equals(ctx.method().name()) && !TokenGuard.sameOrigin(ctx)) {
            ctx.status(HttpStatus.FORBIDDEN).json(Map.of("error", "cross-origin request refused"));
            ctx.skipRemainingHandlers();
            return;
        }
        if (proof != TokenGuard.Proof.NONE) {
            return;
        }
        if ("/".equals(path)) {
            ctx.redirect("/login");
        } else {
            ctx.header("WWW-Authenticate", "Bearer realm=\"steward\"");
            ctx.status(HttpStatus.UNAUTHORIZED).json(Map.of("error", "a valid token is required"));
        }
        ctx.skipRemainingHandlers();
    }

    private void login(Context ctx) {
        if (guard.matches(ctx.formParam("token"))) {
            guard.startSession(ctx);
            ctx.redirect("/");
        } else {
            ctx.status(HttpStatus.UNAUTHORIZED).html(DashboardPage.login(true));
        }
    }

    private void health(Context ctx) {
        HealthReport report = watch.latestHealth().orElse(null);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("deployment", watch.config().name());
        if (report == null) {
            body.put("status", "starting");
            ctx.status(HttpStatus.SERVICE_UNAVAILABLE).json(body);
            return;
        }
        boolean up = report.verdict() != Severity.CRITICAL;
        body.put("status", up ? "up" : "down");
        body.putAll(JsonViews.health(report));
        ctx.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(body);
    }

    private Map<String, Object> topology() {
        return watch.latestRound().map(r -> JsonViews.topology(r.view())).orElseGet(() -> {
            Map<String, Object> empty = new LinkedHashMap<>();
            empty.put("deployment", watch.config().name());
            empty.put("mode", watch.config().topology().mode().id());
            empty.put("nodes", List.of());
            empty.put("sentinels", List.of());
            return empty;
        });
    }

    /**
     * {@code /api/series?node=…&field=…&minutes=N}: one field of one node (or of every node when
     * {@code node} is absent) in uPlot's column layout. {@code field=hit_ratio} is derived from the
     * hits and misses counters.
     */
    private void series(Context ctx) {
        String field = ctx.queryParam("field");
        if (field == null || !(MetricField.ALL.contains(field) || HIT_RATIO.equals(field))) {
            throw new BadRequest("field must be one of " + MetricField.ALL + " or " + HIT_RATIO);
        }
        Duration range = Duration.ofMinutes(intParam(ctx, "minutes", 60, 1, (int) MAX_RANGE.toMinutes()));
        Instant to = clock.instant().plusMillis(1);
        Instant from = to.minus(range);
        List<String> nodes = ctx.queryParam("node") != null
                ? List.of(ctx.queryParam("node"))
                : watch.latestRound()
                        .map(r -> r.view().nodes().stream()
                                .map(n -> n.address().toString())
                                .toList())
                        .orElse(List.of());
        MetricsHistory history = watch.history();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("field", field);
        out.put("resolution", history.resolutionFor(from, to).name().toLowerCase(java.util.Locale.ROOT));
        Map<String, Object> byNode = new LinkedHashMap<>();
        for (String node : nodes) {
            List<Point> points = HIT_RATIO.equals(field)
                    ? hitRatio(history, node, from, to)
                    : history.series(node, field, from, to, Resolution.AUTO);
            byNode.put(node, JsonViews.series(points));
        }
        out.put("nodes", byNode);
        ctx.json(out);
    }

    static final String HIT_RATIO = "hit_ratio";

    /** Hits / lookups between consecutive samples; intervals without lookups or across a restart are left out. */
    static List<Point> hitRatio(MetricsHistory history, String node, Instant from, Instant to) {
        List<Point> hits = history.series(node, MetricField.KEYSPACE_HITS, from, to, Resolution.AUTO);
        List<Point> misses = history.series(node, MetricField.KEYSPACE_MISSES, from, to, Resolution.AUTO);
        List<Point> out = new ArrayList<>();
        int n = Math.min(hits.size(), misses.size());
        for (int i = 1; i < n; i++) {
            double dh = hits.get(i).avg() - hits.get(i - 1).avg();
            double dm = misses.get(i).avg() - misses.get(i - 1).avg();
            if (dh >= 0 && dm >= 0 && dh + dm > 0) {
                double ratio = dh / (dh + dm);
                out.add(new Point(hits.get(i).at(), ratio, ratio, ratio, 1));
            }
        }
        return out;
    }

    private void triggerBackup(Context ctx) {
        String type = ctx.queryParam("type") == null ? "rdb" : ctx.queryParam("type");
        BackupType backupType =
                switch (type) {
                    case "rdb" -> BackupType.RDB;
                    case "full" -> BackupType.FULL;
                    default -> throw new BadRequest("type must be rdb or full, was '" + type + "'");
                };
        boolean started = watch.backups().trigger(backupType);
        ctx.status(started ? HttpStatus.ACCEPTED : HttpStatus.CONFLICT)
                .json(Map.of(
                        "started",
                        started,
                        "detail",
                        started ? type + " backup started" : "a " + type + " backup is already running"));
    }

    /**
     * Starts verifying a backup in the background: 202 with the verification (its {@code id} is read at
     * {@code /api/verifications/ID}), or 409 with the one of that backup already queued or running.
     */
    private void verifyBackup(Context ctx) {
        String id = ctx.pathParam("id");
        if (watch.backups().list().stream().noneMatch(m -> m.id().equals(id))) {
            ctx.status(HttpStatus.NOT_FOUND).json(Map.of("error", "no backup '" + id + "' in the catalog"));
            return;
        }
        Verifications.Started started = watch.backups().verifications().start(id);
        String location = "/api/verifications/" + started.verification().id();
        ctx.header("Location", location)
                .status(started.isNew() ? HttpStatus.ACCEPTED : HttpStatus.CONFLICT)
                .json(JsonViews.verification(started.verification()));
    }

    private void verification(Context ctx) {
        String id = ctx.pathParam("id");
        watch.backups()
                .verifications()
                .get(id)
                .ifPresentOrElse(v -> ctx.json(JsonViews.verification(v)), () -> ctx.status(HttpStatus.NOT_FOUND)
                        .json(Map.of("error", "no verification '" + id + "'; see /api/verifications")));
    }

    private static Duration hours(Context ctx, int defaultHours) {
        return Duration.ofHours(intParam(ctx, "hours", defaultHours, 1, (int) MAX_RANGE.toHours()));
    }

    private static int intParam(Context ctx, String name, int defaultValue, int min, int max) {
        String raw = ctx.queryParam(name);
        if (raw == null) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadRequest(name + " must be a whole number " + min + "-" + max + ", was '" + raw + "'");
    }

    private static <T> List<T> newestFirst(List<T> oldestFirst) {
        List<T> out = new ArrayList<>(oldestFirst);
        java.util.Collections.reverse(out);
        return out;
    }

    private String writeJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
