package io.steward.ops.health.internal;

import static io.steward.ops.health.Severity.CRITICAL;
import static io.steward.ops.health.Severity.OK;
import static io.steward.ops.health.Severity.WARN;

import io.steward.ops.config.Thresholds;
import io.steward.ops.health.Component;
import io.steward.ops.health.HealthCheck;
import io.steward.ops.health.Severity;
import io.steward.ops.info.InfoSnapshot;
import io.steward.ops.info.ReplicaInfo;
import io.steward.provision.DataRole;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/** Judges one data node's observation against the thresholds. Pure: no I/O, time passed in. */
final class NodeRules {

    /**
     * Redis' {@code repl-ping-replica-period} (default, kept by Steward's configs): an idle master
     * sends its replicas nothing else, so {@code master_last_io_seconds_ago} normally climbs to this
     * before it drops; only silence beyond it plus the lag threshold means the master is gone.
     */
    static final Duration MASTER_PING_PERIOD = Duration.ofSeconds(10);

    private final Thresholds t;
    private final DataRole role;
    private final Instant now;

    NodeRules(Thresholds thresholds, DataRole role, Instant now) {
        this.t = thresholds;
        this.role = role;
        this.now = now;
    }

    List<HealthCheck> evaluate(NodeObservation o) {
        Checks checks = new Checks(Component.REDIS, o.endpoint().toString());
        if (!o.isReachable()) {
            return List.of(checks.check("ping", CRITICAL, "unreachable: " + o.failure()));
        }
        InfoSnapshot info = o.info();
        List<HealthCheck> result = new ArrayList<>();
        result.add(ping(checks, o.pingRoundTrip()));
        judge(checks, "memory", () -> memory(checks, info)).ifPresent(result::add);
        judge(checks, "fragmentation", () -> fragmentation(checks, info)).ifPresent(result::add);
        judge(checks, "hit-ratio", () -> hitRatio(checks, info)).ifPresent(result::add);
        judge(checks, "clients", () -> clients(checks, info, o.maxClients())).ifPresent(result::add);
        judge(checks, "rejected-connections", () -> rejectedConnections(checks, info))
                .ifPresent(result::add);
        judge(checks, "evictions", () -> evictions(checks, info)).ifPresent(result::add);
        judge(checks, "persistence", () -> persistence(checks, info)).ifPresent(result::add);
        judge(checks, "last-save", () -> lastSave(checks, info)).ifPresent(result::add);
        judge(checks, "replication", () -> replication(checks, info)).ifPresent(result::add);
        result.add(defaultUser(checks, o.defaultUser()));
        return result;
    }

    /**
     * Runs one rule so that an INFO value it cannot make sense of costs that one check (a warning saying so),
     * never the whole report.
     */
    static Optional<HealthCheck> judge(Checks checks, String name, Supplier<Optional<HealthCheck>> rule) {
        try {
            return rule.get();
        } catch (RuntimeException e) { // any rule, any odd INFO value: the other checks still count
            return Optional.of(checks.check(
                    name, WARN, "could not judge " + name + " from INFO: " + e.getMessage() + "; report this INFO"));
        }
    }

    HealthCheck ping(Checks checks, Duration rtt) {
        long micros = rtt.toNanos() / 1000;
        if (rtt.compareTo(t.pingWarn()) > 0) {
            return checks.check(
                    "ping",
                    WARN,
                    "PING took " + Checks.duration(rtt) + ", above " + Checks.duration(t.pingWarn())
                            + "; check network latency and slow commands (SLOWLOG GET)",
                    "round_trip_us",
                    micros);
        }
        return checks.check("ping", OK, "PING " + Checks.duration(rtt), "round_trip_us", micros);
    }

    Optional<HealthCheck> memory(Checks checks, InfoSnapshot info) {
        OptionalLong used = info.usedMemory();
        OptionalLong max = info.maxMemory();
        if (used.isEmpty() || max.isEmpty()) {
            return Optional.empty();
        }
        if (max.getAsLong() == 0) {
            return Optional.of(checks.check(
                    "memory",
                    WARN,
                    "maxmemory is not set; " + Checks.bytes(used.getAsLong())
                            + " used and the OS may kill Redis when memory runs out; set maxmemory",
                    "used_memory",
                    used.getAsLong(),
                    "maxmemory",
                    0L));
        }
        double ratio = (double) used.getAsLong() / max.getAsLong();
        Severity severity = ratio >= t.memoryCritical() ? CRITICAL : ratio >= t.memoryWarn() ? WARN : OK;
        String detail = Checks.bytes(used.getAsLong()) + " of " + Checks.bytes(max.getAsLong()) + " used ("
                + Checks.percent(ratio) + ")";
        if (severity != OK) {
            detail += ", at or above " + Checks.percent(severity == CRITICAL ? t.memoryCritical() : t.memoryWarn())
                    + (role == DataRole.STORE
                            ? "; writes fail at 100 % (noeviction): raise maxmemory or remove data"
                            : "; keys are evicted at 100 %: raise maxmemory if the hit ratio suffers");
        }
        return Optional.of(checks.check(
                "memory",
                severity,
                detail,
                "used_memory",
                used.getAsLong(),
                "maxmemory",
                max.getAsLong(),
                "ratio",
                Checks.round(ratio, 4)));
    }

    Optional<HealthCheck> fragmentation(Checks checks, InfoSnapshot info) {
        OptionalLong used = info.usedMemory();
        var ratio = info.memFragmentationRatio();
        if (used.isEmpty() || ratio.isEmpty()) {
            return Optional.empty();
        }
        double r = ratio.getAsDouble();
        if (used.getAsLong() < t.fragmentationMinUsed()) {
            return Optional.of(checks.check(
                    "fragmentation",
                    OK,
                    "ratio " + Checks.decimal(r) + " not judged below " + Checks.bytes(t.fragmentationMinUsed())
                            + " used",
                    "ratio",
                    r,
                    "used_memory",
                    used.getAsLong()));
        }
        if (r < t.fragmentationSwapBelow()) {
            return Optional.of(checks.check(
                    "fragmentation",
                    WARN,
                    "ratio " + Checks.decimal(r) + " below "
                            + Checks.decimal(t.fragmentationSwapBelow())
                            + ": the OS is swapping Redis out; add memory or"
                            + " lower maxmemory",
                    "ratio",
                    r,
                    "used_memory",
                    used.getAsLong()));
        }
        Severity severity = r >= t.fragmentationCritical() ? CRITICAL : r >= t.fragmentationWarn() ? WARN : OK;
        String detail = "ratio " + Checks.decimal(r);
        if (severity != OK) {
            detail += ", at or above "
                    + Checks.decimal(severity == CRITICAL ? t.fragmentationCritical() : t.fragmentationWarn())
                    + "; enable activedefrag or run 'steward memory optimize'";
        }
        return Optional.of(
                checks.check("fragmentation", severity, detail, "ratio", r, "used_memory", used.getAsLong()));
    }

    Optional<HealthCheck> hitRatio(Checks checks, InfoSnapshot info) {
        OptionalLong hits = info.keyspaceHits();
        OptionalLong misses = info.keyspaceMisses();
        if (hits.isEmpty() || misses.isEmpty()) {
            return Optional.empty();
        }
        long lookups = hits.getAsLong() + misses.getAsLong();
        if (lookups < t.hitRatioMinLookups()) {
            return Optional.of(checks.check(
                    "hit-ratio",
                    OK,
                    "not judged: " + lookups + " lookups, fewer than " + t.hitRatioMinLookups(),
                    "hits",
                    hits.getAsLong(),
                    "misses",
                    misses.getAsLong()));
        }
        double ratio = (double) hits.getAsLong() / lookups;
        Severity severity = ratio < t.hitRatioCritical() ? CRITICAL : ratio < t.hitRatioWarn() ? WARN : OK;
        String detail = Checks.percent(ratio) + " of " + lookups + " lookups hit";
        if (severity != OK) {
            detail += ", below " + Checks.percent(severity == CRITICAL ? t.hitRatioCritical() : t.hitRatioWarn())
                    + "; check TTLs, evictions and key naming";
        }
        return Optional.of(checks.check(
                "hit-ratio",
                severity,
                detail,
                "hits",
                hits.getAsLong(),
                "misses",
                misses.getAsLong(),
                "ratio",
                Checks.round(ratio, 4)));
    }

    Optional<HealthCheck> clients(Checks checks, InfoSnapshot info, long observedMaxClients) {
        OptionalLong connected = info.connectedClients();
        long max = info.maxClients().orElse(observedMaxClients);
        if (connected.isEmpty() || max <= 0) {
            return Optional.empty();
        }
        double ratio = (double) connected.getAsLong() / max;
        Severity severity = ratio >= t.clientsCritical() ? CRITICAL : ratio >= t.clientsWarn() ? WARN : OK;
        String detail = connected.getAsLong() + " of " + max + " clients (" + Checks.percent(ratio) + ")";
        if (severity != OK) {
            detail += "; look for connection leaks (CLIENT LIST) or raise maxclients";
        }
        return Optional.of(checks.check(
                "clients",
                severity,
                detail,
                "connected_clients",
                connected.getAsLong(),
                "maxclients",
                max,
                "ratio",
                Checks.round(ratio, 4)));
    }

    Optional<HealthCheck> rejectedConnections(Checks checks, InfoSnapshot info) {
        OptionalLong rejected = info.rejectedConnections();
        if (rejected.isEmpty()) {
            return Optional.empty();
        }
        long n = rejected.getAsLong();
        if (n >= t.rejectedConnectionsWarn()) {
            return Optional.of(checks.check(
                    "rejected-connections",
                    WARN,
                    n + " connections rejected since startup"
                            + " because maxclients was reached; raise maxclients or fix the client pools",
                    "rejected_connections",
                    n));
        }
        return Optional.of(checks.check("rejected-connections", OK, "none rejected", "rejected_connections", n));
    }

    Optional<HealthCheck> evictions(Checks checks, InfoSnapshot info) {
        OptionalLong evicted = info.evictedKeys();
        Optional<String> policy = info.maxMemoryPolicy();
        if (evicted.isEmpty()) {
            return Optional.empty();
        }
        long n = evicted.getAsLong();
        String policyName = policy.orElse("unknown");
        if (role == DataRole.STORE && n > 0) {
            return Optional.of(checks.check(
                    "evictions",
                    CRITICAL,
                    n + " keys evicted from a store node: durable data"
                            + " was lost; set maxmemory-policy noeviction and raise maxmemory",
                    "evicted_keys",
                    n,
                    "maxmemory_policy",
                    policyName,
                    "role",
                    "store"));
        }
        if (role == DataRole.STORE && policy.isPresent() && !policy.get().equals(DataRole.STORE.maxmemoryPolicy())) {
            return Optional.of(checks.check(
                    "evictions",
                    WARN,
                    "store node runs maxmemory-policy " + policyName
                            + " and would evict durable data under memory pressure; set noeviction",
                    "evicted_keys",
                    n,
                    "maxmemory_policy",
                    policyName,
                    "role",
                    "store"));
        }
        String roleName = role == DataRole.STORE ? "store" : "cache";
        return Optional.of(checks.check(
                "evictions",
                OK,
                n + " keys evicted (" + roleName + ", " + policyName + ")",
                "evicted_keys",
                n,
                "maxmemory_policy",
                policyName,
                "role",
                roleName));
    }

    Optional<HealthCheck> persistence(Checks checks, InfoSnapshot info) {
        Optional<String> rdb = info.rdbLastBgsaveStatus();
        if (rdb.isEmpty()) {
            return Optional.empty();
        }
        boolean aof = info.aofEnabled().orElse(false);
        String aofStatus = aof ? info.aofLastWriteStatus().orElse("unknown") : "disabled";
        if ("err".equals(rdb.get())) {
            return Optional.of(checks.check(
                    "persistence",
                    CRITICAL,
                    "last BGSAVE failed; check disk space and" + " permissions in the Redis log",
                    "rdb_last_bgsave_status",
                    rdb.get(),
                    "aof",
                    aofStatus));
        }
        if ("err".equals(aofStatus)) {
            return Optional.of(checks.check(
                    "persistence",
                    CRITICAL,
                    "last AOF write failed; Redis refuses writes" + " until it succeeds: check disk space",
                    "rdb_last_bgsave_status",
                    rdb.get(),
                    "aof",
                    aofStatus));
        }
        if (info.loading().orElse(false)) {
            return Optional.of(checks.check(
                    "persistence",
                    WARN,
                    "loading the data set from disk; not serving yet",
                    "rdb_last_bgsave_status",
                    rdb.get(),
                    "aof",
                    aofStatus));
        }
        return Optional.of(checks.check(
                "persistence",
                OK,
                "RDB " + rdb.get() + ", AOF " + aofStatus,
                "rdb_last_bgsave_status",
                rdb.get(),
                "aof",
                aofStatus));
    }

    Optional<HealthCheck> lastSave(Checks checks, InfoSnapshot info) {
        Optional<Instant> lastSave = info.rdbLastSaveTime();
        if (lastSave.isEmpty()) {
            return Optional.empty();
        }
        Duration age = Duration.between(lastSave.get(), now);
        long changes = info.rdbChangesSinceLastSave().orElse(0);
        long ageSeconds = Math.max(0, age.toSeconds());
        if (age.compareTo(t.lastSaveWarn()) > 0 && changes > 0) {
            return Optional.of(checks.check(
                    "last-save",
                    WARN,
                    "last successful RDB save " + Checks.duration(age)
                            + " ago with " + changes + " changes since, older than " + Checks.duration(t.lastSaveWarn())
                            + "; check the save points or run 'steward backup create'",
                    "age_seconds",
                    ageSeconds,
                    "changes_since_save",
                    changes));
        }
        return Optional.of(checks.check(
                "last-save",
                OK,
                "last successful RDB save " + Checks.duration(age) + " ago"
                        + (changes == 0 ? ", no changes since" : ""),
                "age_seconds",
                ageSeconds,
                "changes_since_save",
                changes));
    }

    Optional<HealthCheck> replication(Checks checks, InfoSnapshot info) {
        Optional<String> role = info.role();
        if (role.isEmpty()) {
            return Optional.empty();
        }
        if (role.get().equals("master")) {
            return Optional.of(masterReplication(checks, info));
        }
        String link = info.masterLinkStatus().orElse("unknown");
        String master = info.masterAddress().map(Object::toString).orElse("unknown");
        long lastIo = info.masterLastIoSecondsAgo().orElse(-1);
        if (!link.equals("up")) {
            return Optional.of(checks.check(
                    "replication",
                    CRITICAL,
                    "link to master " + master + " is " + link
                            + "; this replica serves stale data and cannot take over",
                    "role",
                    "replica",
                    "master",
                    master,
                    "master_link_status",
                    link));
        }
        if (lastIo > t.replicationLagWarn().plus(MASTER_PING_PERIOD).toSeconds()) {
            return Optional.of(checks.check(
                    "replication",
                    WARN,
                    "no data from master " + master + " for " + lastIo + " s, more than its "
                            + Checks.duration(MASTER_PING_PERIOD) + " ping period plus "
                            + Checks.duration(t.replicationLagWarn()),
                    "role",
                    "replica",
                    "master",
                    master,
                    "master_link_status",
                    link,
                    "master_last_io_seconds_ago",
                    lastIo));
        }
        return Optional.of(checks.check(
                "replication",
                OK,
                "replica of " + master + ", link up",
                "role",
                "replica",
                "master",
                master,
                "master_link_status",
                link,
                "master_last_io_seconds_ago",
                lastIo));
    }

    private HealthCheck masterReplication(Checks checks, InfoSnapshot info) {
        List<ReplicaInfo> replicas = info.replicas();
        long streaming = info.replicationClients().size();
        String clients = streaming == 0
                ? ""
                : " (" + streaming + " replication client(s) such as a backup also streaming; not replicas)";
        long maxLag = replicas.stream().mapToLong(ReplicaInfo::lag).max().orElse(0);
        List<String> behind = new ArrayList<>();
        for (ReplicaInfo r : replicas) {
            if (!r.isOnline()) {
                behind.add(r.endpoint() + " is " + r.state());
            } else if (r.lag() > t.replicationLagWarn().toSeconds()) {
                behind.add(r.endpoint() + " lags " + r.lag() + " s");
            }
        }
        if (!behind.isEmpty()) {
            return checks.check(
                    "replication",
                    WARN,
                    String.join(", ", behind) + " (limit " + Checks.duration(t.replicationLagWarn())
                            + "); writes may be refused under min-replicas-to-write" + clients,
                    "role",
                    "master",
                    "replicas",
                    (long) replicas.size(),
                    "replication_clients",
                    streaming,
                    "max_lag_seconds",
                    maxLag);
        }
        return checks.check(
                "replication",
                OK,
                "master with " + replicas.size() + " replica(s) in sync" + clients,
                "role",
                "master",
                "replicas",
                (long) replicas.size(),
                "replication_clients",
                streaming,
                "max_lag_seconds",
                maxLag);
    }

    HealthCheck defaultUser(Checks checks, NodeObservation.DefaultUserState state) {
        return switch (state.status()) {
            case OFF -> checks.check("default-user", OK, "default user is off", "default_user", "off");
            case ON_WITH_PASSWORD ->
                checks.check(
                        "default-user",
                        CRITICAL,
                        "default user is enabled; use named ACL" + " users and run: ACL SETUSER default off",
                        "default_user",
                        "on");
            case ON_WITHOUT_PASSWORD ->
                checks.check(
                        "default-user",
                        CRITICAL,
                        "default user is enabled without a"
                                + " password: anyone who reaches the port has full access; run: ACL SETUSER default off",
                        "default_user",
                        "nopass");
            case UNVERIFIED ->
                checks.check("default-user", WARN, "cannot verify: " + state.note(), "default_user", "unknown");
        };
    }
}
