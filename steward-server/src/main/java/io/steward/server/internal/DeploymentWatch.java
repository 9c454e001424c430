package io.steward.server.internal;

import io.steward.backup.BackupEngine;
import io.steward.backup.RestoreJournal;
import io.steward.client.StewardClient;
import io.steward.monitor.alert.Alert;
import io.steward.monitor.alert.AlertEngine;
import io.steward.monitor.alert.AlertRule;
import io.steward.monitor.alert.AlertRules;
import io.steward.monitor.alert.AlertTransition;
import io.steward.monitor.alert.Observation;
import io.steward.monitor.history.Event;
import io.steward.monitor.history.EventKind;
import io.steward.monitor.history.HistoryStoreException;
import io.steward.monitor.history.MetricsHistory;
import io.steward.monitor.trend.CapacityPlanner;
import io.steward.monitor.trend.CapacityReport;
import io.steward.monitor.trend.HistoryAnalysis;
import io.steward.monitor.trend.TrendAnalyzer;
import io.steward.ops.config.AlertSeverity;
import io.steward.ops.config.StewardConfig;
import io.steward.ops.health.Component;
import io.steward.ops.health.HealthCheck;
import io.steward.ops.health.HealthMonitor;
import io.steward.ops.health.HealthReport;
import io.steward.provision.TopologyMode;
import io.steward.server.DaemonOptions;
import io.steward.server.collect.CollectionRound;
import io.steward.server.collect.Collector;
import io.steward.server.collect.MasterTracker;
import io.steward.server.collect.TopologyView;
import io.steward.server.notify.DeliveryStats;
import io.steward.server.notify.Notifiers;
import io.steward.server.schedule.JobStatus;
import io.steward.server.schedule.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's live view of one deployment and the jobs that keep it current: collection rounds into
 * the history and the alert engine, health and memory checks, backups, trends and capacity. The HTTP
 * layer only reads from it (and asks for a backup or a verification).
 *
 * <p>Thread-safe: jobs run on the {@link Schedulers}' threads (collection alone on one, so neither a
 * check waiting on a hung node nor a long backup delays a round), round listeners on their own
 * thread, readers on the HTTP threads.
 */
public final class DeploymentWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeploymentWatch.class);

    /** The rule alerting on failing scheduled jobs; one alert per job. */
    public static final String JOB_FAILED = "job-failed";

    static final String JOB_FAILED_INPUT = "jobFailed";
    static final String JOB_ERROR_INPUT = "jobError";

    /** Job names, as shown on the dashboard and in {@code /api/jobs}. */
    public static final String METRICS_JOB = "metrics";

    public static final String HEALTH_JOB = "health";
    public static final String MAINTAIN_JOB = "history-maintenance";
    public static final String MEMORY_JOB = "memory-check";
    public static final String TRENDS_JOB = "trends";
    public static final String CAPACITY_JOB = "capacity";

    /** How often, and how far apart, an early round is tried after a failover while a round is running. */
    static final int EARLY_ROUND_ATTEMPTS = 40;

    static final Duration EARLY_ROUND_PAUSE = Duration.ofMillis(250);

    /** How old a capacity report may be before a reader gets a new one. */
    static final Duration CAPACITY_REFRESH = Duration.ofMinutes(1);

    private final StewardConfig config;
    private final Clock clock;
    private final Duration healthInterval;
    private final HealthMonitor.Pooled healthMonitor;
    private final MetricsHistory history;
    private final Collector collector;
    /** The master and the last failover, as announced by the Sentinels and as polled by rounds. */
    private final MasterTracker masters = new MasterTracker();
    /**
     * Held while the failover state is read and judged (a round's, an announcement's): an announcement
     * landing while a round is collected can neither be resolved by the stale round nor have its new
     * master overwritten by the round's view.
     */
    private final Object failoverLock = new Object();

    private final FailoverEvents failovers;
    private final AlertEngine alerts;
    private final Notifiers notifiers;
    private final BackupJobs backups;
    private final Schedulers schedulers;
    /** Delivers rounds to listeners (dashboards over SSE) so a stalled browser never blocks collection. */
    private final ThreadPoolExecutor listenerThread = new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(4),
            r -> {
                Thread t = new Thread(r, "steward-round-listeners");
                t.setDaemon(true);
                return t;
            },
            new ThreadPoolExecutor.DiscardOldestPolicy());

    private final Instant startedAt;

    private final AtomicReference<CollectionRound> round = new AtomicReference<>();
    private final AtomicReference<HealthReport> health = new AtomicReference<>();
    private final CountDownLatch healthChecked = new CountDownLatch(1);
    private final AtomicReference<List<HealthCheck>> memory = new AtomicReference<>(List.of());
    private final AtomicReference<List<Observation>> certificates = new AtomicReference<>(List.of());
    private final AtomicReference<HistoryAnalysis> analysis = new AtomicReference<>();
    private final AtomicReference<CapacityReport> capacity = new AtomicReference<>();
    private final AtomicLong rounds = new AtomicLong();
    private final AtomicLong commands = new AtomicLong();
    private final List<Consumer<CollectionRound>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<TopologyView>> topologyListeners = new CopyOnWriteArrayList<>();

    public DeploymentWatch(
            StewardConfig config,
            DaemonOptions options,
            StewardClient client,
            MetricsHistory history,
            Notifiers notifiers,
            Schedulers schedulers) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = options.clock();
        this.healthInterval = options.healthInterval();
        Objects.requireNonNull(client, "client");
        // health and memory checks share one connection per server, kept between runs
        this.healthMonitor = HealthMonitor.pooled(config, client, clock);
        this.history = Objects.requireNonNull(history, "history");
        this.notifiers = Objects.requireNonNull(notifiers, "notifiers");
        this.schedulers = Objects.requireNonNull(schedulers, "schedulers");
        this.backups = new BackupJobs(
                config, BackupEngine.create(config, client, clock), history, clock, schedulers.backups());
        this.failovers = new FailoverEvents(config, client, clock, history, masters, this::failoverAnnounced);
        this.collector = new Collector(config, client, clock, backups::age, masters, failovers::announcing);
        this.alerts = AlertEngine.create(
                rules(config), clock, config.alerts().repeatInterval(), AlertEngine.DEFAULT_HISTORY_LIMIT);
        this.startedAt = clock.instant();
    }

    /** The configured rules plus {@link #JOB_FAILED}. */
    static AlertRules rules(StewardConfig config) {
        return AlertRules.configured(config.alerts())
                .with(new AlertRule(
                        JOB_FAILED,
                        AlertSeverity.WARNING,
                        Duration.ZERO,
                        Set.of(JOB_FAILED_INPUT),
                        o -> o.flag(JOB_FAILED_INPUT),
                        "{target} failed: {jobError}"));
    }

    /** Registers every job of {@code steward.yaml} with the schedulers. */
    public void schedule() {
        resolveLeftFiring();
        var schedule = config.schedule();
        schedulers.collection().every(METRICS_JOB, schedule.metrics(), this::collect);
        Scheduler checks = schedulers.checks();
        checks.every(HEALTH_JOB, healthInterval, this::checkHealth);
        checks.every(MAINTAIN_JOB, Duration.ofMinutes(1), history::maintain);
        checks.cron(MEMORY_JOB, schedule.memoryCheck(), this::checkMemory);
        checks.cron(TRENDS_JOB, schedule.trends(), this::analyzeTrends);
        checks.cron(CAPACITY_JOB, schedule.capacity(), this::planCapacity);
        backups.schedule();
        failovers.start();
    }

    /** Resolves (notifies and records) what a previous daemon left firing; see {@link LeftFiringAlerts}. */
    private void resolveLeftFiring() {
        try {
            List<AlertTransition> resolved = LeftFiringAlerts.resolutions(
                    history.alertHistory(AlertEngine.DEFAULT_HISTORY_LIMIT), clock.instant());
            resolved.forEach(notifiers.fanOut()::notify);
            recordTransitions(resolved);
        } catch (HistoryStoreException e) {
            LOG.warn("cannot resolve the alerts left firing by the previous daemon: {}", e.getMessage());
        }
    }

    // ---- jobs ----

    /** One collection round: history, alerts, notifications, listeners. */
    void collect() {
        failovers.subscribeMissing();
        CollectionRound r = collector.collect();
        List<Observation> observations = new ArrayList<>(r.observations());
        observations.addAll(jobObservations());
        observations.addAll(certificates.get());
        // alerts go out and readers see the round before anything is written: a failing history
        // file must not silence alerts (the failed write then alerts as job-failed next round)
        List<AlertTransition> transitions;
        synchronized (failoverLock) {
            transitions = alerts.evaluate(withFailoverNow(observations));
            round.set(withAnnouncedMaster(r));
        }
        transitions.forEach(notifiers.fanOut()::notify);
        rounds.incrementAndGet();
        commands.addAndGet(r.commands());
        if (!listeners.isEmpty()) {
            toListeners(() -> publish(r));
        }
        history.recordAll(r.samples());
        history.recordSlowlog(r.slowlog());
        history.recordLatency(r.latency());
        r.events().forEach(history::recordEvent);
        recordTransitions(transitions);
    }

    /**
     * A switch the Sentinels announced (or the cluster watch saw) before a round could: the failover
     * alert fires now through the same engine and notifiers as rounds use, the dashboards get the new
     * master, and a round runs early to collect the new roles. The rounds after it keep the alert
     * firing (the tracker counts the switch) and resolve it one interval later, as for a polled switch.
     */
    private void failoverAnnounced(FailoverEvents.Switch s) {
        List<AlertTransition> transitions;
        CollectionRound updated = null;
        synchronized (failoverLock) {
            Observation.Builder o = Observation.builder(config.name());
            masters.observe(o, clock.instant(), config.schedule().metrics());
            transitions = alerts.evaluate(List.of(o.build()));
            if (s.newMaster() != null) {
                updated = round.updateAndGet(
                        r -> r == null ? null : r.withView(r.view().withMaster(s.newMaster())));
            }
        }
        transitions.forEach(notifiers.fanOut()::notify);
        LOG.info("failover: {}", s.detail());
        if (updated != null && !topologyListeners.isEmpty()) {
            CollectionRound published = updated;
            toListeners(() -> publishTopology(published.view()));
        }
        failovers.retry(() -> schedulers.collection().runNow(METRICS_JOB), EARLY_ROUND_ATTEMPTS, EARLY_ROUND_PAUSE);
        try {
            recordTransitions(transitions);
        } catch (HistoryStoreException e) {
            // the alert went out; the next round's history write fails too and alerts as job-failed
            LOG.warn("cannot record the failover alert: {}", e.getMessage());
        }
    }

    /**
     * The round's observations with the deployment's failover state read now, under
     * {@link #failoverLock}: a switch announced while the round was collected counts in this round.
     */
    private List<Observation> withFailoverNow(List<Observation> observations) {
        if (config.topology().mode() == TopologyMode.STANDALONE) {
            return observations;
        }
        Instant now = clock.instant();
        List<Observation> out = new ArrayList<>(observations.size());
        for (Observation o : observations) {
            if (o.target().equals(config.name()) && o.has(Observation.FAILOVER_HAPPENED)) {
                Observation.Builder b = Observation.builder(o.target());
                o.values().forEach(b::value);
                masters.observe(b, now, config.schedule().metrics());
                o = b.build();
            }
            out.add(o);
        }
        return out;
    }

    /** The round with the master announced while it was collected, if one was (sentinel mode). */
    private CollectionRound withAnnouncedMaster(CollectionRound r) {
        if (config.topology().mode() != TopologyMode.SENTINEL) {
            return r;
        }
        return masters.master()
                .filter(m -> r.view().master() != null && !m.equals(r.view().master()))
                .map(m -> r.withView(r.view().withMaster(m)))
                .orElse(r);
    }

    /** Records the transitions that notified, and firing and resolving ones on the events timeline. */
    private void recordTransitions(List<AlertTransition> transitions) {
        // an alert that was only pending and cleared never fired: kept, it would stay "pending" in the history forever
        List<AlertTransition> notified =
                transitions.stream().filter(t -> t.kind().notifies()).toList();
        if (!notified.isEmpty()) {
            history.recordAlerts(notified);
        }
        for (AlertTransition t : transitions) {
            if (t.kind() == AlertTransition.Kind.FIRING || t.kind() == AlertTransition.Kind.RESOLVED) {
                history.recordEvent(new Event(
                        t.at(),
                        EventKind.ALERT,
                        t.alert().target(),
                        t.alert().rule() + " " + t.kind().name().toLowerCase(Locale.ROOT) + ": "
                                + t.alert().summary()));
            }
        }
    }

    /** Hands {@code task} to the listener thread; after {@link #close()} it is dropped, not thrown. */
    private void toListeners(Runnable task) {
        try {
            listenerThread.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("closed; not publishing to listeners");
        }
    }

    /** How many Sentinels the daemon is subscribed to now (0 outside Sentinel mode). */
    public int subscribedSentinels() {
        return failovers.subscribedSentinels();
    }

    private void publish(CollectionRound r) {
        for (Consumer<CollectionRound> listener : listeners) {
            try {
                listener.accept(r);
            } catch (RuntimeException e) {
                listeners.remove(listener); // a dashboard that went away
                LOG.debug("round listener failed and was removed: {}", e.getMessage());
            }
        }
    }

    private void publishTopology(TopologyView view) {
        for (Consumer<TopologyView> listener : topologyListeners) {
            try {
                listener.accept(view);
            } catch (RuntimeException e) {
                topologyListeners.remove(listener); // a dashboard that went away
                LOG.debug("topology listener failed and was removed: {}", e.getMessage());
            }
        }
    }

    private List<Observation> jobObservations() {
        List<Observation> out = new ArrayList<>();
        for (JobStatus job : jobs()) {
            if (job.runs() > 0) {
                out.add(Observation.builder("job " + job.name())
                        .value(JOB_FAILED_INPUT, job.isFailing())
                        .value(JOB_ERROR_INPUT, job.isFailing() ? job.lastError() : "")
                        .build());
            }
        }
        return out;
    }

    void checkHealth() {
        try {
            HealthReport report = healthMonitor.check(EnumSet.allOf(Component.class));
            health.set(report);
            certificates.set(certificateObservations(report));
        } finally {
            healthChecked.countDown();
        }
    }

    /**
     * Waits until the first health check has run, so {@code /health} answers with a verdict rather than
     * 503 "starting".
     *
     * @return whether a health report exists; false when the first check did not finish (or failed)
     *     within {@code timeout}
     */
    public boolean awaitHealthChecked(Duration timeout) throws InterruptedException {
        return healthChecked.await(timeout.toMillis(), TimeUnit.MILLISECONDS) && health.get() != null;
    }

    /** The health checks' certificates (files and what servers present) as inputs of {@code certificate-expiring}. */
    static List<Observation> certificateObservations(HealthReport report) {
        java.util.Map<String, Duration> soonest = new java.util.LinkedHashMap<>();
        for (HealthCheck check : report.checks()) {
            if ("certificate".equals(check.name()) && check.measured().get("not_after") instanceof String notAfter) {
                soonest.merge(
                        "certificate " + check.target(),
                        Duration.between(report.at(), Instant.parse(notAfter)),
                        (a, b) -> a.compareTo(b) <= 0 ? a : b);
            }
        }
        List<Observation> out = new ArrayList<>();
        soonest.forEach((target, left) ->
                out.add(Observation.builder(target).certificateExpiresIn(left).build()));
        return out;
    }

    void checkMemory() {
        HealthReport report = healthMonitor.check(EnumSet.of(Component.REDIS));
        List<HealthCheck> checks = report.checks().stream()
                .filter(c -> Set.of("memory", "fragmentation", "evictions").contains(c.name()))
                .toList();
        memory.set(checks);
        checks.stream()
                .filter(c -> !c.isOk())
                .forEach(c -> LOG.warn("memory check {} on {}: {}", c.name(), c.target(), c.detail()));
    }

    void analyzeTrends() {
        HistoryAnalysis a = TrendAnalyzer.analyze(history, Duration.ofHours(6));
        analysis.set(a);
        LOG.info("trends over the last 6 hours: {} nodes, events {}", a.nodes().size(), a.eventCounts());
    }

    void planCapacity() {
        LOG.info("capacity over 4 weeks: {}", replanCapacity().recommendation());
    }

    private CapacityReport replanCapacity() {
        CapacityReport report = CapacityPlanner.plan(history, Duration.ofDays(28));
        capacity.set(report);
        return report;
    }

    // ---- reads for the HTTP layer ----

    /** The backup catalog and its jobs. */
    public BackupJobs backups() {
        return backups;
    }

    public StewardConfig config() {
        return config;
    }

    public MetricsHistory history() {
        return history;
    }

    public Optional<CollectionRound> latestRound() {
        return Optional.ofNullable(round.get());
    }

    /** The latest health report, with a check for an unfinished restore in the deployment's home first. */
    public Optional<HealthReport> latestHealth() {
        return Optional.ofNullable(health.get())
                .map(report -> RestoreJournal.withUnfinishedRestore(report, config.baseDir()));
    }

    public List<HealthCheck> memoryChecks() {
        return memory.get();
    }

    public Optional<HistoryAnalysis> latestAnalysis() {
        return Optional.ofNullable(analysis.get());
    }

    /**
     * The latest capacity report, planned again when it is older than {@link #CAPACITY_REFRESH}: the
     * weekly job alone would leave a fresh deployment's dashboard with the plan of its first minute.
     */
    public CapacityReport capacity() {
        CapacityReport report = capacity.get();
        if (report == null || report.to().plus(CAPACITY_REFRESH).isBefore(clock.instant())) {
            report = replanCapacity();
        }
        return report;
    }

    public List<Alert> activeAlerts() {
        return alerts.active();
    }

    /**
     * The newest alert transitions, newest first, from the history file: they outlive the daemon.
     *
     * @throws io.steward.monitor.history.HistoryStoreException when the history cannot be read
     */
    public List<AlertTransition> alertHistory() {
        return history.alertHistory(AlertEngine.DEFAULT_HISTORY_LIMIT);
    }

    public List<JobStatus> jobs() {
        return schedulers.jobs();
    }

    /** Collection rounds since start and the commands they sent, for the daemon's own metrics. */
    public long rounds() {
        return rounds.get();
    }

    public long commandsSent() {
        return commands.get();
    }

    /** Alert notifications delivered, failed and dropped since start, over every notifier. */
    public DeliveryStats notificationStats() {
        return notifiers.stats();
    }

    public Instant startedAt() {
        return startedAt;
    }

    /** Calls {@code listener} after every collection round (on the job thread; keep it short). */
    public void onRound(Consumer<CollectionRound> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<CollectionRound> listener) {
        listeners.remove(listener);
    }

    /**
     * Calls {@code listener} when a failover is announced between rounds, with the latest round's view
     * naming the new master (on a listener thread; keep it short).
     */
    public void onTopologyChange(Consumer<TopologyView> listener) {
        topologyListeners.add(listener);
    }

    public void removeTopologyListener(Consumer<TopologyView> listener) {
        topologyListeners.remove(listener);
    }

    /**
     * Stops the background verifications and the listener thread and closes the collector's and the
     * health checks' connections. The caller closes the rest.
     */
    @Override
    public void close() {
        failovers.close();
        listenerThread.shutdownNow();
        backups.close();
        collector.close();
        healthMonitor.close();
    }
}
