package io.steward.bench;

import io.steward.HostAndPort;
import io.steward.StewardException;
import io.steward.provision.AclUser;
import io.steward.provision.RedisBinaries;
import io.steward.server.DaemonOptions;
import io.steward.server.StewardDaemon;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * The daemon's {@code /metrics} against redis_exporter's, side by side on one Sentinel deployment:
 * scrape latency (alternating, one keep-alive client), lines and bytes, the commands and connections
 * each scrape costs Redis ({@code INFO commandstats} deltas on the master), the commands of the
 * daemon's own collection rounds, and the daemon's resident memory over {@code --watch-minutes}.
 */
final class ScrapeBenchmark {

    /** 1 000 000 small keys. */
    static final int DEFAULT_KEYS = 1_000_000;

    static final int WARM_UP_SCRAPES = 20;
    /**
     * Unmeasured scrapes of each before the steady-state measurement: by then the JIT has compiled
     * the daemon's rendering path (a JVM needs several hundred scrapes; redis_exporter, compiled
     * ahead of time, none).
     */
    static final int STEADY_STATE_WARM_UP_SCRAPES = 2_000;
    /** Goal: Steward's median scrape latency ÷ redis_exporter's. */
    static final double GOAL_LATENCY_RATIO = 1.0;
    /** Goal: the daemon's resident memory while it watches the deployment. */
    static final double GOAL_RSS_MIB = 256;
    /** Length of the windows without scrapes that measure the collection and the baseline. */
    static final Duration WINDOW = Duration.ofSeconds(60);

    static final Duration PROMTOOL_TIMEOUT = Duration.ofSeconds(30);

    private final BenchArgs args;
    private final RedisBinaries binaries;
    private final LongSupplier nanoTime;
    private final Consumer<String> progress;
    private final HttpClient http = Scraper.keepAliveClient();

    ScrapeBenchmark(BenchArgs args, RedisBinaries binaries, LongSupplier nanoTime, Consumer<String> progress) {
        this.args = args;
        this.binaries = binaries;
        this.nanoTime = nanoTime;
        this.progress = progress;
    }

    /** What the scrape-side measurement produced, before the daemon was stopped. */
    private record Scraping(
            List<Scraper.Scrape> steward,
            List<Scraper.Scrape> peer,
            List<Scraper.Scrape> stewardSteady,
            List<Scraper.Scrape> peerSteady,
            Window withDaemon,
            Batch peerBatch,
            Batch stewardBatch) {}

    /** {@code INFO} deltas over a window: every node summed, the master alone, and the daemon's series. */
    private record Window(CommandStats all, CommandStats master, double seconds, long rounds, long commands) {}

    /** The master's {@code INFO} delta around a batch of scrapes of one endpoint. */
    private record Batch(CommandStats master, double seconds, int scrapes) {}

    ScrapeReport run() {
        double loadAtStart = loadAverage();
        Path exporterBinary = ExporterProcess.binary();
        String exporterVersion = ExporterProcess.version(exporterBinary);
        SmallKeyDataset dataset = new SmallKeyDataset(args.keysOr(DEFAULT_KEYS));
        try (ScrapeDeployment d = ScrapeDeployment.start(binaries, args.profile(), progress)) {
            progress.accept("fill: " + dataset.keys() + " keys ...");
            long fillStart = nanoTime.getAsLong();
            d.fill(dataset);
            double fillSeconds = Seconds.of(nanoTime.getAsLong() - fillStart);
            HostAndPort master = d.master();
            Map<String, Object> data = dataset.describe();
            data.put("fillSeconds", fillSeconds);
            data.put("masterUsedMemory", d.infoField(master, "memory", "used_memory_human"));
            data.put(
                    "dbsize",
                    Long.parseLong(d.infoField(master, "keyspace", "db0").replaceAll("^keys=(\\d+),.*$", "$1")));
            progress.accept("fill: done in " + fillSeconds + " s, master used_memory " + data.get("masterUsedMemory"));
            try (ExporterProcess exporter = ExporterProcess.start(
                    exporterBinary, master, d.passwordFile(AclUser.MONITOR), d.home(), http, nanoTime)) {
                progress.accept("redis_exporter " + exporterVersion + " reports redis_up 1 at " + exporter.metrics());
                Scraper peer = new Scraper("redis_exporter", http, exporter.metrics(), Optional.empty(), nanoTime);
                Scraping scraping = scrapeWithInProcessDaemon(d, master, peer);
                progress.accept("baseline: " + WINDOW.toSeconds() + " s with the daemon stopped ...");
                Window withoutDaemon = window(d, master, Optional.empty());
                ScrapeReport.Memory memory = watchMemory(d, exporter, peer);
                return report(data, d, master, exporter, exporterVersion, scraping, withoutDaemon, memory, loadAtStart);
            }
        }
    }

    private Scraping scrapeWithInProcessDaemon(ScrapeDeployment d, HostAndPort master, Scraper peer) {
        try (StewardDaemon daemon =
                StewardDaemon.start(d.config(), d.home(), new DaemonOptions("127.0.0.1", 0, Clock.systemUTC()))) {
            Scraper steward =
                    new Scraper("steward", http, daemon.url().resolve("metrics"), Optional.of(d.token()), nanoTime);
            awaitFirstRound(steward);
            progress.accept(
                    "daemon in process at " + daemon.url() + "; warm-up: " + WARM_UP_SCRAPES + " scrapes of each ...");
            alternate(steward, peer, WARM_UP_SCRAPES);
            progress.accept("measuring: " + args.scrapes() + " scrapes of each, alternating ...");
            List<List<Scraper.Scrape>> measured = alternate(steward, peer, args.scrapes());
            progress.accept(String.format(
                    "latency median: steward %.3f ms, redis_exporter %.3f ms",
                    LatencySummary.ofNanos(nanos(measured.get(0))).medianMs(),
                    LatencySummary.ofNanos(nanos(measured.get(1))).medianMs()));
            progress.accept("steady state: " + STEADY_STATE_WARM_UP_SCRAPES + " more scrapes of each, then "
                    + args.scrapes() + " measured ...");
            alternate(steward, peer, STEADY_STATE_WARM_UP_SCRAPES);
            List<List<Scraper.Scrape>> steady = alternate(steward, peer, args.scrapes());
            progress.accept(String.format(
                    "steady-state latency median: steward %.3f ms, redis_exporter %.3f ms",
                    LatencySummary.ofNanos(nanos(steady.get(0))).medianMs(),
                    LatencySummary.ofNanos(nanos(steady.get(1))).medianMs()));
            progress.accept("collection: " + WINDOW.toSeconds() + " s without scrapes, daemon collecting ...");
            Window withDaemon = window(d, master, Optional.of(steward));
            progress.accept("commands: " + args.scrapes() + " scrapes of redis_exporter, then of steward ...");
            Batch peerBatch = batch(d, master, peer);
            Batch stewardBatch = batch(d, master, steward);
            return new Scraping(
                    measured.get(0),
                    measured.get(1),
                    steady.get(0),
                    steady.get(1),
                    withDaemon,
                    peerBatch,
                    stewardBatch);
        }
    }

    private void awaitFirstRound(Scraper steward) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Double> rounds =
                    steward.tryScrape().flatMap(s -> Scraper.value(s.body(), "steward_collect_rounds_total"));
            if (rounds.isPresent() && rounds.get() >= 1) {
                return;
            }
            Sleep.millis(100, "the daemon's first collection round");
        }
        throw new StewardException("the daemon finished no collection round within 60 s");
    }

    /** {@code count} scrapes of each, alternating which goes first; [Steward's, the peer's]. */
    private static List<List<Scraper.Scrape>> alternate(Scraper steward, Scraper peer, int count) {
        List<Scraper.Scrape> s = new ArrayList<>(count);
        List<Scraper.Scrape> p = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (i % 2 == 0) {
                s.add(steward.scrape());
                p.add(peer.scrape());
            } else {
                p.add(peer.scrape());
                s.add(steward.scrape());
            }
        }
        return List.of(s, p);
    }

    private static List<Long> nanos(List<Scraper.Scrape> scrapes) {
        return scrapes.stream().map(Scraper.Scrape::nanos).toList();
    }

    /** {@link #WINDOW} without scrapes; the daemon's series are read at both ends when it runs. */
    private Window window(ScrapeDeployment d, HostAndPort master, Optional<Scraper> steward) {
        Optional<Scraper.Scrape> first = steward.map(Scraper::scrape);
        Map<HostAndPort, CommandStats> before = d.snapshot();
        long start = nanoTime.getAsLong();
        Sleep.millis(WINDOW.toMillis(), "the end of the measuring window");
        Map<HostAndPort, CommandStats> after = d.snapshot();
        double seconds = (nanoTime.getAsLong() - start) / 1e9;
        Optional<Scraper.Scrape> last = steward.map(Scraper::scrape);
        long rounds = first.isPresent()
                ? series(last.get(), "steward_collect_rounds_total")
                        - series(first.get(), "steward_collect_rounds_total")
                : 0;
        long commands = first.isPresent()
                ? series(last.get(), "steward_collect_commands_total")
                        - series(first.get(), "steward_collect_commands_total")
                : 0;
        CommandStats all = CommandStats.NONE;
        for (HostAndPort node : before.keySet()) {
            all = all.plus(after.get(node).minus(before.get(node)));
        }
        return new Window(
                all.withoutSnapshots(d.dataNodes(), d.sentinelCount()),
                after.get(master).minus(before.get(master)).withoutSnapshots(1, 0),
                seconds,
                rounds,
                commands);
    }

    private static long series(Scraper.Scrape scrape, String metric) {
        return Scraper.value(scrape.body(), metric)
                .map(Double::longValue)
                .orElseThrow(() -> new StewardException("the daemon's /metrics has no " + metric));
    }

    /** {@code --scrapes} scrapes of one endpoint, the other idle, with the master's INFO around them. */
    private Batch batch(ScrapeDeployment d, HostAndPort master, Scraper scraper) {
        CommandStats before = d.commandStats(master);
        long start = nanoTime.getAsLong();
        for (int i = 0; i < args.scrapes(); i++) {
            scraper.scrape();
        }
        double seconds = (nanoTime.getAsLong() - start) / 1e9;
        CommandStats after = d.commandStats(master);
        return new Batch(after.minus(before).withoutSnapshots(1, 0), seconds, args.scrapes());
    }

    private ScrapeReport.Memory watchMemory(ScrapeDeployment d, ExporterProcess exporter, Scraper peer) {
        int minutes = args.watchMinutes();
        double maxHeap = ResidentMemory.mib(Runtime.getRuntime().maxMemory());
        double machine = machineMemoryMib();
        if (minutes == 0) {
            return new ScrapeReport.Memory(
                    "not watched (--watch-minutes 0)",
                    null,
                    null,
                    maxHeap,
                    machine,
                    0,
                    0,
                    0,
                    null,
                    null,
                    null,
                    null,
                    null,
                    0,
                    List.of());
        }
        Duration length = Duration.ofMinutes(minutes);
        Optional<Path> jar = DaemonProcess.stewardJar();
        if (jar.isPresent()) {
            progress.accept("watch: steward serve in its own JVM (" + jar.get() + ", built "
                    + DaemonProcess.modified(jar.get()) + ") for " + minutes + " min ...");
            try (DaemonProcess daemon = DaemonProcess.start(
                    jar.get(),
                    d.config(),
                    d.home().resolve("steward.yaml"),
                    d.home().resolve("serve-home"),
                    d.token(),
                    http,
                    nanoTime)) {
                Scraper steward =
                        new Scraper("steward serve", http, daemon.metrics(), Optional.of(d.token()), nanoTime);
                MemoryWatch.Result r = new MemoryWatch(
                                daemon.pid(), daemon::isAlive, steward, exporter.pid(), peer, nanoTime, progress)
                        .run(length);
                return memory(
                        "separate process",
                        daemon.commandLine(),
                        String.join(" ", DaemonProcess.JVM_FLAGS),
                        maxHeap,
                        machine,
                        minutes,
                        r);
            }
        }
        progress.accept("watch: steward-cli/target/steward.jar not built; watching the daemon in this JVM for "
                + minutes + " min (VmRSS then includes the benchmark's own memory) ...");
        try (StewardDaemon daemon =
                StewardDaemon.start(d.config(), d.home(), new DaemonOptions("127.0.0.1", 0, Clock.systemUTC()))) {
            Scraper steward =
                    new Scraper("steward", http, daemon.url().resolve("metrics"), Optional.of(d.token()), nanoTime);
            long pid = ProcessHandle.current().pid();
            MemoryWatch.Result r =
                    new MemoryWatch(pid, () -> true, steward, exporter.pid(), peer, nanoTime, progress).run(length);
            return memory(
                    "in-process (the benchmark's JVM)",
                    "StewardDaemon.start(config, home, new DaemonOptions(\"127.0.0.1\", 0, Clock.systemUTC()))",
                    String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()),
                    maxHeap,
                    machine,
                    minutes,
                    r);
        }
    }

    private static ScrapeReport.Memory memory(
            String mode,
            String command,
            String flags,
            double maxHeap,
            double machine,
            int minutes,
            MemoryWatch.Result r) {
        return new ScrapeReport.Memory(
                mode,
                command,
                flags.isEmpty() ? "none" : flags,
                maxHeap,
                machine,
                minutes,
                (int) MemoryWatch.SCRAPE_EVERY.toSeconds(),
                (int) MemoryWatch.SAMPLE_EVERY.toSeconds(),
                ResidentMemory.mib(r.maxRss()),
                ResidentMemory.mib(r.finalRss()),
                r.peakHwm() < 0 ? null : ResidentMemory.mib(r.peakHwm()),
                r.exporterMaxRss() < 0 ? null : ResidentMemory.mib(r.exporterMaxRss()),
                r.rounds() < 0 ? null : r.rounds(),
                r.scrapes(),
                r.samples());
    }

    private static double machineMemoryMib() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return ResidentMemory.mib(os.getTotalMemorySize());
        }
        return -1;
    }

    private ScrapeReport report(
            Map<String, Object> data,
            ScrapeDeployment d,
            HostAndPort master,
            ExporterProcess exporter,
            String exporterVersion,
            Scraping s,
            Window withoutDaemon,
            ScrapeReport.Memory memory,
            double loadAtStart) {
        LatencySummary steward = LatencySummary.ofNanos(nanos(s.steward()));
        LatencySummary peer = LatencySummary.ofNanos(nanos(s.peer()));
        Double ratio = Seconds.ratio(steward.medianMs(), peer.medianMs());
        LatencySummary stewardSteady = LatencySummary.ofNanos(nanos(s.stewardSteady()));
        LatencySummary peerSteady = LatencySummary.ofNanos(nanos(s.peerSteady()));
        Window w = s.withDaemon();
        CommandsPer stewardPerScrape = perScrape(s.stewardBatch(), w);
        CommandsPer peerPerScrape = perScrape(s.peerBatch(), w);
        Double perRoundSeries = w.rounds() > 0 ? Math.round(w.commands() * 100.0 / w.rounds()) / 100.0 : null;
        CommandsPer perRound = w.rounds() > 0
                ? CommandsPer.of(w.all(), w.seconds(), withoutDaemon.all(), withoutDaemon.seconds(), w.rounds())
                : null;
        CommandsPer masterPerRound = w.rounds() > 0
                ? CommandsPer.of(w.master(), w.seconds(), withoutDaemon.master(), withoutDaemon.seconds(), w.rounds())
                : null;
        ScrapeReport.Commands commands = new ScrapeReport.Commands(
                "the master " + master,
                stewardPerScrape,
                peerPerScrape,
                args.scrapes(),
                new ScrapeReport.Collection(
                        ScrapeDeployment.METRICS_INTERVAL.toSeconds(),
                        w.rounds(),
                        Seconds.round(w.seconds()),
                        perRoundSeries,
                        perRound,
                        masterPerRound),
                "per scrape: the master's INFO commandstats (calls + rejected_calls) and total_connections_received"
                        + " around " + args.scrapes() + " scrapes of one endpoint with the other idle, less the"
                        + " master's rate over a " + WINDOW.toSeconds() + " s window without scrapes (daemon"
                        + " collecting, replicas and sentinels talking), divided by the scrapes; our own INFO"
                        + " snapshots are subtracted. Per round: every node's and sentinel's counts over a "
                        + WINDOW.toSeconds() + " s window with the daemon collecting, less an equal window after"
                        + " it stopped, divided by its rounds");
        Double maxRss = memory.maxRssMib();
        ScrapeReport.Goals goals = new ScrapeReport.Goals(
                GOAL_LATENCY_RATIO,
                ratio,
                ratio != null && ratio <= GOAL_LATENCY_RATIO,
                GOAL_RSS_MIB,
                maxRss,
                maxRss == null ? null : maxRss <= GOAL_RSS_MIB);
        return new ScrapeReport(
                "scrape",
                parameters(d, loadAtStart),
                data,
                "StewardDaemon in this JVM (as 'steward serve' starts it), /metrics rendered from the last"
                        + " collection round; Authorization: Bearer <dashboard token>",
                "redis_exporter " + exporterVersion + ": " + exporter.commandLine(),
                goals,
                new ScrapeReport.Latency(
                        steward,
                        peer,
                        ratio,
                        new ScrapeReport.Latency.SteadyState(
                                STEADY_STATE_WARM_UP_SCRAPES,
                                stewardSteady,
                                peerSteady,
                                Seconds.ratio(stewardSteady.medianMs(), peerSteady.medianMs()))),
                new ScrapeReport.Sizes(SizeSummary.of(s.steward()), SizeSummary.of(s.peer())),
                promtool(s.steward().get(0).body(), s.peer().get(0).body()),
                commands,
                memory);
    }

    private static CommandsPer perScrape(Batch batch, Window baseline) {
        return CommandsPer.of(batch.master(), batch.seconds(), baseline.master(), baseline.seconds(), batch.scrapes());
    }

    private static double loadAverage() {
        return Math.round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage() * 100) / 100.0;
    }

    private Map<String, Object> parameters(ScrapeDeployment d, double loadAtStart) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("keys", args.keysOr(DEFAULT_KEYS));
        p.put("scrapes", args.scrapes());
        p.put("warmUpScrapes", WARM_UP_SCRAPES);
        p.put("watchMinutes", args.watchMinutes());
        p.put("profile", args.profile().id());
        p.put(
                "deployment",
                "Steward sentinel: master, 2 replicas, 3 sentinels, TLS off, 127.0.0.1, ports from "
                        + d.plan().redisNodes().get(0).port() + "; steward.yaml as 'steward up' writes it,"
                        + " schedule.metrics " + ScrapeDeployment.METRICS_INTERVAL.toSeconds() + "s");
        p.put(
                "measured",
                "latency: GET /metrics from sending the request to the whole body, one keep-alive HTTP/1.1"
                        + " java.net.http client for both, no Accept-Encoding; " + args.scrapes()
                        + " scrapes of each after " + WARM_UP_SCRAPES + " of each, alternating which goes first;"
                        + " then, after " + STEADY_STATE_WARM_UP_SCRAPES + " more of each, " + args.scrapes()
                        + " of each again (steady state)."
                        + " Steward's body covers every data node and sentinel of the deployment (6 processes),"
                        + " redis_exporter's the one node it is pointed at (the master)");
        p.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        p.put("loadAverageAtStart", loadAtStart);
        p.put(
                "loadAverageAtEnd",
                Math.round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage() * 100) / 100.0);
        p.put("javaVersion", System.getProperty("java.version"));
        return p;
    }

    /** {@code promtool check metrics} of each body; null when promtool is not installed. */
    private ScrapeReport.Promtool promtool(String stewardBody, String peerBody) {
        Optional<Path> promtool = Stream.of((System.getenv().getOrDefault("PATH", "") + ":/usr/bin").split(":"))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, "promtool"))
                .filter(Files::isExecutable)
                .findFirst();
        if (promtool.isEmpty()) {
            return null;
        }
        return new ScrapeReport.Promtool(
                checkMetrics(promtool.get(), stewardBody), checkMetrics(promtool.get(), peerBody));
    }

    private static List<String> checkMetrics(Path promtool, String body) {
        try {
            Process p = new ProcessBuilder(promtool.toString(), "check", "metrics")
                    .redirectErrorStream(true)
                    .start();
            try (var in = p.getOutputStream()) {
                in.write(body.getBytes(StandardCharsets.UTF_8));
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(PROMTOOL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return List.of("promtool did not finish within " + PROMTOOL_TIMEOUT.toSeconds() + " s");
            }
            return out.lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            return List.of("promtool failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StewardException("interrupted while promtool ran", e);
        }
    }
}
