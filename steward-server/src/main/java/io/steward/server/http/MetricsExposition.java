package io.steward.server.http;

import static io.steward.server.http.ExpositionWriter.Type.COUNTER;
import static io.steward.server.http.ExpositionWriter.Type.GAUGE;

import io.steward.backup.BackupManifest;
import io.steward.backup.BackupPart;
import io.steward.monitor.alert.Alert;
import io.steward.monitor.alert.AlertState;
import io.steward.ops.health.HealthReport;
import io.steward.ops.info.InfoSnapshot;
import io.steward.ops.info.KeyspaceInfo;
import io.steward.ops.info.ReplicaInfo;
import io.steward.server.collect.CollectionRound;
import io.steward.server.collect.NodeState;
import io.steward.server.collect.SentinelState;
import io.steward.server.internal.DeploymentWatch;
import io.steward.server.notify.DeliveryStats;
import io.steward.server.schedule.JobStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;

/**
 * Renders {@code /metrics} from the latest collection round, so a scrape sends no command to Redis.
 * INFO-derived series use redis_exporter's names and types so its community dashboards and alert
 * rules work; each carries an {@code addr} label because one daemon watches every node. Steward's
 * own state (health verdict, alerts, backups, collection, jobs) is under {@code steward_*}.
 *
 * <p>One redis_exporter series is left out on purpose: {@code redis_instantaneous_ops_per_sec} fails
 * {@code promtool check metrics} (abbreviated unit); {@code rate(redis_commands_processed_total[1m])}
 * gives the same figure the Prometheus way.
 */
final class MetricsExposition {

    /** One INFO field exported as a redis_exporter series. */
    private record InfoSeries(
            String section,
            String field,
            String name,
            ExpositionWriter.Type type,
            String help,
            DoubleUnaryOperator f) {}

    private static final DoubleUnaryOperator SAME = v -> v;

    private static final List<InfoSeries> INFO_SERIES = List.of(
            gauge("server", "uptime_in_seconds", "redis_uptime_in_seconds", "Seconds since the server started"),
            gauge("clients", "connected_clients", "redis_connected_clients", "Client connections"),
            gauge("clients", "blocked_clients", "redis_blocked_clients", "Clients blocked on a blocking call"),
            gauge("clients", "maxclients", "redis_max_clients", "The maxclients limit"),
            gauge("memory", "used_memory", "redis_memory_used_bytes", "Bytes allocated by Redis"),
            gauge("memory", "used_memory_rss", "redis_memory_used_rss_bytes", "Resident set size in bytes"),
            gauge("memory", "used_memory_peak", "redis_memory_used_peak_bytes", "Peak bytes allocated"),
            gauge("memory", "used_memory_lua", "redis_memory_used_lua_bytes", "Bytes used by the Lua engine"),
            gauge("memory", "maxmemory", "redis_memory_max_bytes", "The maxmemory limit in bytes (0: none)"),
            gauge(
                    "memory",
                    "mem_fragmentation_ratio",
                    "redis_mem_fragmentation_ratio",
                    "Resident memory divided by allocated memory"),
            gauge("persistence", "loading", "redis_loading_dump_file", "1 while loading a dump file"),
            gauge(
                    "persistence",
                    "rdb_changes_since_last_save",
                    "redis_rdb_changes_since_last_save",
                    "Changes since the last RDB save"),
            gauge("persistence", "rdb_bgsave_in_progress", "redis_rdb_bgsave_in_progress", "1 while an RDB save runs"),
            gauge(
                    "persistence",
                    "rdb_last_save_time",
                    "redis_rdb_last_save_timestamp_seconds",
                    "Unix time of the last successful RDB save"),
            gauge("persistence", "aof_enabled", "redis_aof_enabled", "1 when AOF is on"),
            gauge(
                    "persistence",
                    "aof_rewrite_in_progress",
                    "redis_aof_rewrite_in_progress",
                    "1 while an AOF rewrite runs"),
            gauge(
                    "stats",
                    "instantaneous_input_kbps",
                    "redis_instantaneous_input_kbps",
                    "Network input in KB per second"),
            gauge(
                    "stats",
                    "instantaneous_output_kbps",
                    "redis_instantaneous_output_kbps",
                    "Network output in KB per second"),
            gauge("stats", "pubsub_channels", "redis_pubsub_channels", "Pub/sub channels with subscribers"),
            new InfoSeries(
                    "stats",
                    "latest_fork_usec",
                    "redis_latest_fork_seconds",
                    GAUGE,
                    "Duration of the latest fork in seconds",
                    v -> v / 1_000_000),
            gauge("replication", "connected_slaves", "redis_connected_slaves", "Connected replicas"),
            gauge("replication", "master_repl_offset", "redis_master_repl_offset", "Replication offset"),
            gauge(
                    "replication",
                    "repl_backlog_size",
                    "redis_replication_backlog_bytes",
                    "Replication backlog size in bytes"),
            gauge(
                    "replication",
                    "master_last_io_seconds_ago",
                    "redis_master_last_io_seconds_ago",
                    "Seconds since the replica last heard from its master"),
            gauge("replication", "slave_repl_offset", "redis_slave_repl_offset", "The replica's replication offset"),
            counter("stats", "total_connections_received", "redis_connections_received_total", "Connections accepted"),
            counter("stats", "total_commands_processed", "redis_commands_processed_total", "Commands processed"),
            counter("stats", "rejected_connections", "redis_rejected_connections_total", "Connections rejected"),
            counter("stats", "total_net_input_bytes", "redis_net_input_bytes_total", "Network bytes read"),
            counter("stats", "total_net_output_bytes", "redis_net_output_bytes_total", "Network bytes written"),
            counter("stats", "expired_keys", "redis_expired_keys_total", "Keys expired"),
            counter("stats", "evicted_keys", "redis_evicted_keys_total", "Keys evicted under maxmemory"),
            counter("stats", "keyspace_hits", "redis_keyspace_hits_total", "Successful key lookups"),
            counter("stats", "keyspace_misses", "redis_keyspace_misses_total", "Failed key lookups"),
            counter("cpu", "used_cpu_sys", "redis_cpu_sys_seconds_total", "System CPU seconds"),
            counter("cpu", "used_cpu_user", "redis_cpu_user_seconds_total", "User CPU seconds"),
            counter(
                    "cpu",
                    "used_cpu_sys_children",
                    "redis_cpu_sys_children_seconds_total",
                    "System CPU seconds of child processes"),
            counter(
                    "cpu",
                    "used_cpu_user_children",
                    "redis_cpu_user_children_seconds_total",
                    "User CPU seconds of child processes"));

    private static InfoSeries gauge(String section, String field, String name, String help) {
        return new InfoSeries(section, field, name, GAUGE, help, SAME);
    }

    private static InfoSeries counter(String section, String field, String name, String help) {
        return new InfoSeries(section, field, name, COUNTER, help, SAME);
    }

    private MetricsExposition() {}

    static String render(DeploymentWatch watch, Clock clock) {
        ExpositionWriter out = new ExpositionWriter();
        declareRedisFamilies(out);
        Optional<CollectionRound> round = watch.latestRound();
        round.ifPresent(r -> {
            r.view().nodes().forEach(node -> node(out, node));
            r.view()
                    .sentinels()
                    .forEach(sentinel ->
                            sentinel(out, sentinel, watch.config().topology().masterName()));
            if (r.view().clusterState() != null) {
                out.single(
                        "redis_cluster_state",
                        GAUGE,
                        "1 when cluster_state is ok",
                        "ok".equals(r.view().clusterState()) ? 1 : 0);
            }
        });
        steward(out, watch, round, clock);
        return out.render();
    }

    private static void declareRedisFamilies(ExpositionWriter out) {
        out.family("redis_up", GAUGE, "1 when the node answered the last collection round");
        out.family("redis_instance_info", GAUGE, "Information about the Redis instance");
        for (InfoSeries s : INFO_SERIES) {
            out.family(s.name(), s.type(), s.help());
        }
        out.family("redis_rdb_last_bgsave_status", GAUGE, "1 when the last RDB save succeeded");
        out.family("redis_aof_last_write_status", GAUGE, "1 when the last AOF write succeeded");
        out.family("redis_aof_last_bgrewrite_status", GAUGE, "1 when the last AOF rewrite succeeded");
        out.family("redis_master_link_up", GAUGE, "1 when the replica's link to its master is up");
        out.family("redis_db_keys", GAUGE, "Keys per database");
        out.family("redis_db_keys_expiring", GAUGE, "Keys with an expiry per database");
        out.family("redis_connected_slave_lag_seconds", GAUGE, "Replica lag in seconds as the master sees it");
        out.family("redis_connected_slave_offset_bytes", GAUGE, "Replica replication offset as the master sees it");
        out.family("redis_sentinel_tilt", GAUGE, "1 when the Sentinel is in TILT mode");
        out.family("redis_sentinel_master_status", GAUGE, "1 when the Sentinel sees the master as ok");
        out.family("redis_sentinel_master_ok_sentinels", GAUGE, "Other Sentinels this Sentinel knows");
        out.family("redis_sentinel_master_ckquorum_status", GAUGE, "1 when SENTINEL CKQUORUM succeeds");
    }

    private static void node(ExpositionWriter out, NodeState node) {
        String addr = node.address().toString();
        out.sample("redis_up", node.isUp() ? 1 : 0, "addr", addr);
        if (!node.isUp()) {
            return;
        }
        InfoSnapshot info = node.info();
        out.sample(
                "redis_instance_info",
                1,
                "addr",
                addr,
                "role",
                node.role(),
                "redis_version",
                info.redisVersion().orElse(""),
                "redis_mode",
                info.redisMode().orElse(""),
                "maxmemory_policy",
                info.maxMemoryPolicy().orElse(""));
        for (InfoSeries s : INFO_SERIES) {
            info.getDouble(s.section(), s.field())
                    .ifPresent(v -> out.sample(s.name(), s.f().applyAsDouble(v), "addr", addr));
        }
        info.rdbLastBgsaveStatus().ifPresent(s -> out.sample("redis_rdb_last_bgsave_status", ok(s), "addr", addr));
        info.aofLastWriteStatus().ifPresent(s -> out.sample("redis_aof_last_write_status", ok(s), "addr", addr));
        info.get("persistence", "aof_last_bgrewrite_status")
                .ifPresent(s -> out.sample("redis_aof_last_bgrewrite_status", ok(s), "addr", addr));
        if (!node.isMaster()) {
            info.masterLinkStatus()
                    .ifPresent(s -> out.sample("redis_master_link_up", "up".equals(s) ? 1 : 0, "addr", addr));
        }
        for (KeyspaceInfo db : info.keyspace()) {
            String name = "db" + db.db();
            out.sample("redis_db_keys", db.keys(), "addr", addr, "db", name);
            out.sample("redis_db_keys_expiring", db.expires(), "addr", addr, "db", name);
        }
        for (ReplicaInfo replica : info.replicas()) {
            String[] labels = {
                "addr",
                addr,
                "slave_ip",
                replica.ip(),
                "slave_port",
                Integer.toString(replica.port()),
                "slave_state",
                replica.state()
            };
            out.sample("redis_connected_slave_lag_seconds", replica.lag(), labels);
            out.sample("redis_connected_slave_offset_bytes", replica.offset(), labels);
        }
    }

    private static void sentinel(ExpositionWriter out, SentinelState sentinel, String masterName) {
        String addr = sentinel.address().toString();
        out.sample("redis_up", sentinel.isUp() ? 1 : 0, "addr", addr);
        if (!sentinel.isUp()) {
            return;
        }
        out.sample("redis_sentinel_tilt", sentinel.tilt() ? 1 : 0, "addr", addr);
        String master = sentinel.master() == null ? "" : sentinel.master().toString();
        boolean down = sentinel.flags().contains("s_down") || sentinel.flags().contains("o_down");
        out.sample(
                "redis_sentinel_master_status",
                down || master.isEmpty() ? 0 : 1,
                "addr",
                addr,
                "master_name",
                masterName,
                "master_address",
                master);
        out.sample(
                "redis_sentinel_master_ok_sentinels",
                sentinel.otherSentinels(),
                "addr",
                addr,
                "master_name",
                masterName);
        out.sample(
                "redis_sentinel_master_ckquorum_status",
                sentinel.quorumOk() ? 1 : 0,
                "addr",
                addr,
                "master_name",
                masterName);
    }

    private static void steward(
            ExpositionWriter out, DeploymentWatch watch, Optional<CollectionRound> round, Clock clock) {
        double now = clock.millis() / 1000.0;
        Optional<HealthReport> health = watch.latestHealth();
        health.ifPresent(h -> out.single(
                "steward_health_status",
                GAUGE,
                "Health verdict of the deployment: 0 ok, 1 warning, 2 critical",
                h.verdict().ordinal()));
        out.family("steward_alerts", GAUGE, "Active alerts: 1 per rule and target, labelled with state and severity");
        for (Alert alert : watch.activeAlerts()) {
            out.sample(
                    "steward_alerts",
                    1,
                    "rule",
                    alert.rule(),
                    "target",
                    alert.target(),
                    "severity",
                    alert.severity().name().toLowerCase(java.util.Locale.ROOT),
                    "state",
                    alert.state().name().toLowerCase(java.util.Locale.ROOT));
        }
        out.single(
                "steward_alerts_firing",
                GAUGE,
                "Alerts currently firing",
                watch.activeAlerts().stream()
                        .filter(a -> a.state() == AlertState.FIRING)
                        .count());
        List<BackupManifest> backups = watch.backups().list();
        out.single("steward_backups", GAUGE, "Backups in the catalog", backups.size());
        if (!backups.isEmpty()) {
            BackupManifest last = backups.get(backups.size() - 1);
            out.single(
                    "steward_backup_last_age_seconds",
                    GAUGE,
                    "Seconds since the newest backup started",
                    Duration.between(last.createdAt(), clock.instant()).toMillis() / 1000.0);
            out.single(
                    "steward_backup_last_size_bytes",
                    GAUGE,
                    "Stored size of the newest backup in bytes",
                    last.parts().stream().mapToLong(BackupPart::storedBytes).sum());
            out.single(
                    "steward_backup_last_timestamp_seconds",
                    GAUGE,
                    "Unix time the newest backup started",
                    last.createdAt().toEpochMilli() / 1000.0);
        }
        out.single(
                "steward_collect_rounds_total", COUNTER, "Collection rounds since the daemon started", watch.rounds());
        out.single(
                "steward_collect_commands_total",
                COUNTER,
                "Commands collection rounds sent to Redis and Sentinel",
                watch.commandsSent());
        round.ifPresent(r -> {
            out.single(
                    "steward_collect_age_seconds",
                    GAUGE,
                    "Seconds since the collection round these series come from",
                    now - r.view().at().toEpochMilli() / 1000.0);
            out.family(
                    "steward_node_round_trip_seconds",
                    GAUGE,
                    "Time the node took to answer the collection round's pipelined commands");
            for (NodeState node : r.view().nodes()) {
                if (node.isUp()) {
                    out.sample(
                            "steward_node_round_trip_seconds",
                            node.roundTrip().toNanos() / 1e9,
                            "addr",
                            node.address().toString());
                }
            }
        });
        out.family("steward_job_runs_total", COUNTER, "Finished runs of a scheduled job");
        out.family("steward_job_failures_total", COUNTER, "Failed runs of a scheduled job");
        out.family("steward_job_failing", GAUGE, "1 when the job's last run failed");
        for (JobStatus job : watch.jobs()) {
            out.sample("steward_job_runs_total", job.runs(), "job", job.name());
            out.sample("steward_job_failures_total", job.failures(), "job", job.name());
            out.sample("steward_job_failing", job.isFailing() ? 1 : 0, "job", job.name());
        }
        DeliveryStats notifications = watch.notificationStats();
        out.family("steward_notifications_total", COUNTER, "Alert notifications by outcome, over every notifier");
        out.sample("steward_notifications_total", notifications.delivered(), "outcome", "delivered");
        out.sample("steward_notifications_total", notifications.failed(), "outcome", "failed");
        out.sample("steward_notifications_total", notifications.dropped(), "outcome", "dropped");
        out.single(
                "steward_start_time_seconds",
                GAUGE,
                "Unix time the daemon started",
                watch.startedAt().toEpochMilli() / 1000.0);
    }

    private static double ok(String status) {
        return "ok".equals(status) ? 1 : 0;
    }
}
