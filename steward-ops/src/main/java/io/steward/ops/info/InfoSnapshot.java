package io.steward.ops.info;

import io.steward.HostAndPort;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One {@code INFO} reply from Redis or Sentinel: sections ({@code server}, {@code memory}, ...) of
 * {@code field:value} pairs. Section names are lower case. Typed accessors return empty when the field
 * is absent (a section not requested, an older server, or Sentinel, which has no memory section) or
 * not a number. Immutable and thread-safe.
 */
public final class InfoSnapshot {

    private static final Pattern REPLICA_FIELD = Pattern.compile("slave\\d+");
    private static final Pattern SENTINEL_MASTER_FIELD = Pattern.compile("master\\d+");
    private static final Pattern DB_FIELD = Pattern.compile("db\\d+");

    private final Map<String, Map<String, String>> sections;

    private InfoSnapshot(Map<String, Map<String, String>> sections) {
        this.sections = sections;
    }

    /**
     * Parses the text of an {@code INFO} reply. Lines before the first {@code # Section} header go to a
     * section named {@code ""}; lines without a colon are ignored. Never fails.
     */
    public static InfoSnapshot parse(String infoText) {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Map<String, String> current = null;
        for (String rawLine : infoText.split("\r?\n")) {
            String line = rawLine.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                current = new LinkedHashMap<>();
                sections.put(line.substring(1).strip().toLowerCase(Locale.ROOT), current);
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            if (current == null) {
                current = new LinkedHashMap<>();
                sections.put("", current);
            }
            current.put(line.substring(0, colon), line.substring(colon + 1));
        }
        Map<String, Map<String, String>> frozen = new LinkedHashMap<>();
        sections.forEach((name, fields) -> frozen.put(name, Collections.unmodifiableMap(fields)));
        return new InfoSnapshot(Collections.unmodifiableMap(frozen));
    }

    /** The section names in reply order, lower case. */
    public Set<String> sections() {
        return sections.keySet();
    }

    /** The fields of {@code section} in reply order; empty when the section is absent. */
    public Map<String, String> section(String section) {
        return sections.getOrDefault(section.toLowerCase(Locale.ROOT), Map.of());
    }

    /** The raw value of {@code field} in {@code section}. */
    public Optional<String> get(String section, String field) {
        return Optional.ofNullable(section(section).get(field));
    }

    /** The value of {@code field} as a whole number. */
    public OptionalLong getLong(String section, String field) {
        String value = section(section).get(field);
        if (value == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** The value of {@code field} as a decimal number. */
    public OptionalDouble getDouble(String section, String field) {
        String value = section(section).get(field);
        if (value == null) {
            return OptionalDouble.empty();
        }
        try {
            return OptionalDouble.of(Double.parseDouble(value.trim()));
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    private Optional<Boolean> getFlag(String section, String field) {
        OptionalLong value = getLong(section, field);
        return value.isPresent() ? Optional.of(value.getAsLong() != 0) : Optional.empty();
    }

    // ---- server ----

    public Optional<String> redisVersion() {
        return get("server", "redis_version");
    }

    /** {@code standalone}, {@code sentinel} or {@code cluster}. */
    public Optional<String> redisMode() {
        return get("server", "redis_mode");
    }

    public OptionalLong uptimeSeconds() {
        return getLong("server", "uptime_in_seconds");
    }

    // ---- clients ----

    public OptionalLong connectedClients() {
        return getLong("clients", "connected_clients");
    }

    /** The {@code maxclients} limit, reported in {@code INFO clients} since Redis 7.0. */
    public OptionalLong maxClients() {
        return getLong("clients", "maxclients");
    }

    // ---- memory ----

    public OptionalLong usedMemory() {
        return getLong("memory", "used_memory");
    }

    /** The {@code maxmemory} limit in bytes; 0 means no limit. */
    public OptionalLong maxMemory() {
        return getLong("memory", "maxmemory");
    }

    public Optional<String> maxMemoryPolicy() {
        return get("memory", "maxmemory_policy");
    }

    /** Resident memory divided by used memory; above 1 is fragmentation, below 1 means swapping. */
    public OptionalDouble memFragmentationRatio() {
        return getDouble("memory", "mem_fragmentation_ratio");
    }

    // ---- persistence ----

    /** Whether the server is loading a data set from disk and not yet serving. */
    public Optional<Boolean> loading() {
        return getFlag("persistence", "loading");
    }

    /** {@code ok} or {@code err}. */
    public Optional<String> rdbLastBgsaveStatus() {
        return get("persistence", "rdb_last_bgsave_status");
    }

    /** When the last successful RDB save finished (startup time if there was none). */
    public Optional<Instant> rdbLastSaveTime() {
        OptionalLong seconds = getLong("persistence", "rdb_last_save_time");
        return seconds.isPresent() ? Optional.of(Instant.ofEpochSecond(seconds.getAsLong())) : Optional.empty();
    }

    public OptionalLong rdbChangesSinceLastSave() {
        return getLong("persistence", "rdb_changes_since_last_save");
    }

    public Optional<Boolean> aofEnabled() {
        return getFlag("persistence", "aof_enabled");
    }

    /** {@code ok} or {@code err}. */
    public Optional<String> aofLastWriteStatus() {
        return get("persistence", "aof_last_write_status");
    }

    // ---- stats ----

    public OptionalLong keyspaceHits() {
        return getLong("stats", "keyspace_hits");
    }

    public OptionalLong keyspaceMisses() {
        return getLong("stats", "keyspace_misses");
    }

    /** Connections refused because {@code maxclients} was reached, since startup. */
    public OptionalLong rejectedConnections() {
        return getLong("stats", "rejected_connections");
    }

    /** Keys evicted because of {@code maxmemory}, since startup. */
    public OptionalLong evictedKeys() {
        return getLong("stats", "evicted_keys");
    }

    public OptionalLong totalCommandsProcessed() {
        return getLong("stats", "total_commands_processed");
    }

    // ---- replication ----

    /** {@code master} or {@code slave}. */
    public Optional<String> role() {
        return get("replication", "role");
    }

    /** Whether {@link #role()} is {@code master}. */
    public boolean isMaster() {
        return role().map("master"::equals).orElse(false);
    }

    /** On a replica, the master it replicates from. */
    public Optional<HostAndPort> masterAddress() {
        Optional<String> host = get("replication", "master_host");
        OptionalLong port = getLong("replication", "master_port");
        if (host.isEmpty() || port.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(HostAndPort.of(host.get(), (int) port.getAsLong()));
    }

    /** On a replica, {@code up} or {@code down}. */
    public Optional<String> masterLinkStatus() {
        return get("replication", "master_link_status");
    }

    /** On a replica, seconds since the last interaction with the master. */
    public OptionalLong masterLastIoSecondsAgo() {
        return getLong("replication", "master_last_io_seconds_ago");
    }

    public OptionalLong masterReplOffset() {
        return getLong("replication", "master_repl_offset");
    }

    /** On a replica, the replication offset it has processed. */
    public OptionalLong replicaReplOffset() {
        return getLong("replication", "slave_repl_offset");
    }

    public OptionalLong connectedReplicas() {
        return getLong("replication", "connected_slaves");
    }

    /**
     * On a master, its replicas ({@code slaveN} lines) in order, without the {@linkplain
     * ReplicaInfo#isReplicationClient() replication clients} (a backup streaming, {@code redis-cli --replica}).
     */
    public List<ReplicaInfo> replicas() {
        return replicationLinks().stream().filter(r -> !r.isReplicationClient()).toList();
    }

    /**
     * On a master, the clients streaming its replication feed without being replicas (port {@code 0} in their
     * {@code slaveN} line), such as a backup in progress.
     */
    public List<ReplicaInfo> replicationClients() {
        return replicationLinks().stream()
                .filter(ReplicaInfo::isReplicationClient)
                .toList();
    }

    /** Every {@code slaveN} line in order: replicas and replication clients alike. */
    private List<ReplicaInfo> replicationLinks() {
        List<ReplicaInfo> links = new ArrayList<>();
        section("replication").forEach((field, value) -> {
            if (REPLICA_FIELD.matcher(field).matches()) {
                Map<String, String> kv = keyValues(value);
                links.add(new ReplicaInfo(
                        kv.getOrDefault("ip", ""),
                        (int) number(kv.get("port")),
                        kv.getOrDefault("state", ""),
                        number(kv.get("offset")),
                        number(kv.get("lag"))));
            }
        });
        return List.copyOf(links);
    }

    // ---- keyspace ----

    /** The databases holding keys ({@code dbN} lines). */
    public List<KeyspaceInfo> keyspace() {
        List<KeyspaceInfo> dbs = new ArrayList<>();
        section("keyspace").forEach((field, value) -> {
            if (DB_FIELD.matcher(field).matches()) {
                Map<String, String> kv = keyValues(value);
                dbs.add(new KeyspaceInfo(
                        Integer.parseInt(field.substring(2)),
                        number(kv.get("keys")),
                        number(kv.get("expires")),
                        number(kv.get("avg_ttl"))));
            }
        });
        return List.copyOf(dbs);
    }

    // ---- sentinel ----

    /** Whether this Sentinel is in TILT mode (it distrusts its clock and takes no action). */
    public Optional<Boolean> sentinelTilt() {
        return getFlag("sentinel", "sentinel_tilt");
    }

    /** The masters this Sentinel monitors ({@code masterN} lines). */
    public List<SentinelMasterInfo> sentinelMasters() {
        List<SentinelMasterInfo> masters = new ArrayList<>();
        section("sentinel").forEach((field, value) -> {
            if (SENTINEL_MASTER_FIELD.matcher(field).matches()) {
                Map<String, String> kv = keyValues(value);
                HostAndPort address = null;
                try {
                    address = HostAndPort.parse(kv.getOrDefault("address", ""));
                } catch (IllegalArgumentException e) {
                    // a master Sentinel cannot place; keep the line with no address
                }
                masters.add(new SentinelMasterInfo(
                        kv.getOrDefault("name", ""),
                        kv.getOrDefault("status", ""),
                        address,
                        (int) number(kv.get("slaves")),
                        (int) number(kv.get("sentinels"))));
            }
        });
        return List.copyOf(masters);
    }

    /** The {@code masterN} line for the master called {@code name}. */
    public Optional<SentinelMasterInfo> sentinelMaster(String name) {
        return sentinelMasters().stream().filter(m -> m.name().equals(name)).findFirst();
    }

    private static Map<String, String> keyValues(String value) {
        Map<String, String> kv = new HashMap<>();
        for (String pair : value.split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                kv.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return kv;
    }

    private static long number(String value) {
        if (value == null) {
            return 0;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InfoSnapshot other && sections.equals(other.sections);
    }

    @Override
    public int hashCode() {
        return sections.hashCode();
    }

    @Override
    public String toString() {
        return "InfoSnapshot" + sections.keySet();
    }
}
