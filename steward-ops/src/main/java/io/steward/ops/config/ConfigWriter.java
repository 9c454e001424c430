package io.steward.ops.config;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.steward.ConfigException;
import io.steward.HostAndPort;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Writes a {@link StewardConfig} as {@code steward.yaml} that {@link ConfigLoader} reads back to an
 * equal configuration. Sections at their defaults are left out; paths under the file's directory are
 * written relative to it. Secrets are never written: a password appears only as the file it is read
 * from or the {@code ${VAR}} reference it was expanded from.
 */
public final class ConfigWriter {

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build();

    private final Path dir;

    private ConfigWriter(Path dir) {
        this.dir = dir;
    }

    /**
     * Writes {@code config} to {@code file}, replacing it atomically where the file system allows.
     * Relative paths in the written file are relative to {@code file}'s directory, so a configuration
     * should be written next to the files it refers to.
     *
     * @throws ConfigException when the configuration holds an inline password that did not come from a
     *                         {@code ${VAR}} reference, or the file cannot be written
     */
    public static void write(StewardConfig config, Path file) {
        Path target = file.toAbsolutePath().normalize();
        String yaml = toYaml(config, target.getParent());
        try {
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(target.getParent(), ".steward", ".yaml.tmp");
            try {
                Files.writeString(temp, yaml, StandardCharsets.UTF_8);
                try {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new ConfigException(target, 0, "", "cannot write: " + e.getMessage());
        }
    }

    /**
     * The YAML text {@link #write(StewardConfig, Path)} would write for a file in {@code dir}.
     *
     * @throws ConfigException as {@link #write(StewardConfig, Path)}
     */
    public static String toYaml(StewardConfig config, Path dir) {
        ObjectNode root = new ConfigWriter(dir.toAbsolutePath().normalize()).tree(config);
        try {
            return YAML.writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException("YAML serialisation of a tree cannot fail", e);
        }
    }

    private ObjectNode tree(StewardConfig c) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("name", c.name());
        root.put("profile", c.profile().id());
        root.set("topology", topology(c.topology()));
        if (!c.auth().equals(AuthConfig.NONE)) {
            root.set("auth", auth(c.auth()));
        }
        if (!c.tls().equals(TlsConfig.DISABLED)) {
            root.set("tls", tls(c.tls()));
        }
        if (!c.thresholds().equals(Thresholds.DEFAULTS)) {
            root.set("thresholds", thresholds(c.thresholds()));
        }
        root.set("backup", backup(c.backup()));
        if (!c.alerts().equals(AlertsConfig.DEFAULT)) {
            root.set("alerts", alerts(c.alerts()));
        }
        root.set("server", server(c.server()));
        if (!c.schedule().equals(ScheduleConfig.DEFAULT)) {
            root.set("schedule", schedule(c.schedule()));
        }
        return root;
    }

    private ObjectNode topology(TopologyConfig t) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("mode", t.mode().id());
        if (t.masterName() != null) {
            node.put("master-name", t.masterName());
        }
        if (!t.sentinels().isEmpty()) {
            node.set("sentinels", endpoints(t.sentinels()));
        }
        if (!t.nodes().isEmpty()) {
            node.set("nodes", endpoints(t.nodes()));
        }
        node.put("role", t.role().id());
        return node;
    }

    private static ArrayNode endpoints(List<HostAndPort> endpoints) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        endpoints.forEach(e -> array.add(e.toString()));
        return array;
    }

    private ObjectNode auth(AuthConfig a) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        a.user().ifPresent(user -> node.put("user", user));
        a.passwordFile().ifPresent(file -> node.put("password-file", path(file)));
        if (a.passwordFile().isEmpty() && a.hasPassword()) {
            String reference = a.passwordReference()
                    .orElseThrow(() -> new ConfigException(
                            "auth.password",
                            "an inline password is never written to a file; use auth.password-file (mode 0600) or a ${VAR}"
                                    + " reference"));
            node.put("password", reference);
        }
        return node;
    }

    private ObjectNode tls(TlsConfig t) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("enabled", t.enabled());
        putPath(node, "ca", t.ca());
        putPath(node, "cert", t.cert());
        putPath(node, "key", t.key());
        return node;
    }

    private ObjectNode thresholds(Thresholds t) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        for (ThresholdKeys.Key key : ThresholdKeys.ALL) {
            Object value = key.getter().apply(t);
            if (value.equals(key.getter().apply(Thresholds.DEFAULTS))) {
                continue;
            }
            put(node, key.name(), key.kind(), value);
        }
        return node;
    }

    private static void put(ObjectNode node, String key, ThresholdKeys.Kind kind, Object value) {
        switch (kind) {
            case RATIO, DECIMAL -> node.put(key, (Double) value);
            case COUNT -> node.put(key, (Long) value);
            case SIZE -> node.put(key, ValueSyntax.formatSize((Long) value));
            case DURATION -> node.put(key, ValueSyntax.formatDuration((Duration) value));
        }
    }

    private ObjectNode backup(BackupConfig b) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("dir", path(b.dir()));
        node.put("compress", b.compression().yamlName());
        putPath(node, "encryption-key-file", b.encryptionKeyFile());
        BackupConfig.Schedule s = b.schedule();
        if (!s.equals(BackupConfig.Schedule.NONE)) {
            ObjectNode schedule = node.putObject("schedule");
            putIfSet(schedule, "rdb", s.rdb());
            putIfSet(schedule, "full", s.full());
            putIfSet(schedule, "verify", s.verify());
            putIfSet(schedule, "cleanup", s.cleanup());
        }
        BackupConfig.Retention r = b.retention();
        if (!r.equals(BackupConfig.Retention.DEFAULT)) {
            ObjectNode retention = node.putObject("retention");
            retention.put("rdb-days", r.rdbDays());
            retention.put("full-days", r.fullDays());
            retention.put("keep-last", r.keepLast());
        }
        return node;
    }

    private static ObjectNode alerts(AlertsConfig a) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("rules", a.rules());
        if (!a.repeatInterval().equals(AlertsConfig.DEFAULT_REPEAT_INTERVAL)) {
            node.put("repeat-interval", ValueSyntax.formatDuration(a.repeatInterval()));
        }
        if (!a.thresholds().equals(AlertThresholds.DEFAULTS)) {
            ObjectNode thresholds = node.putObject("thresholds");
            for (AlertThresholdKeys.Key key : AlertThresholdKeys.ALL) {
                Object value = key.getter().apply(a.thresholds());
                if (!value.equals(key.getter().apply(AlertThresholds.DEFAULTS))) {
                    put(thresholds, key.name(), key.kind(), value);
                }
            }
        }
        if (!a.overrides().isEmpty()) {
            ObjectNode overrides = node.putObject("overrides");
            a.overrides().forEach((rule, o) -> {
                ObjectNode override = overrides.putObject(rule);
                if (o.forDuration() != null) {
                    override.put("for", ValueSyntax.formatDuration(o.forDuration()));
                }
                if (o.severity() != null) {
                    override.put("severity", o.severity().name().toLowerCase(Locale.ROOT));
                }
                if (!o.enabled()) {
                    override.put("enabled", false);
                }
            });
        }
        if (!a.notifiers().isEmpty()) {
            ArrayNode notify = node.putArray("notify");
            a.notifiers().forEach(n -> notifier(notify.addObject(), n));
        }
        return node;
    }

    private static void notifier(ObjectNode node, AlertsConfig.Notifier n) {
        node.put("webhook", n.webhook().toString());
        if (n.format() != AlertsConfig.Notifier.DEFAULT_FORMAT) {
            node.put("format", n.format().yamlName());
        }
        if (!n.timeout().equals(AlertsConfig.Notifier.DEFAULT_TIMEOUT)) {
            node.put("timeout", ValueSyntax.formatDuration(n.timeout()));
        }
        if (n.retries() != AlertsConfig.Notifier.DEFAULT_RETRIES) {
            node.put("retries", n.retries());
        }
    }

    private static ObjectNode schedule(ScheduleConfig s) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        if (!s.metrics().equals(ScheduleConfig.DEFAULT_METRICS)) {
            node.put("metrics", ValueSyntax.formatDuration(s.metrics()));
        }
        if (!s.memoryCheck().equals(ScheduleConfig.DEFAULT_MEMORY_CHECK)) {
            node.put("memory-check", s.memoryCheck().expression());
        }
        if (!s.trends().equals(ScheduleConfig.DEFAULT_TRENDS)) {
            node.put("trends", s.trends().expression());
        }
        if (!s.capacity().equals(ScheduleConfig.DEFAULT_CAPACITY)) {
            node.put("capacity", s.capacity().expression());
        }
        return node;
    }

    private ObjectNode server(ServerConfig s) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("bind", s.bind());
        node.put("port", s.port());
        node.put("token-file", path(s.tokenFile()));
        return node;
    }

    private static void putIfSet(ObjectNode node, String key, CronSchedule value) {
        if (value != null) {
            node.put(key, value.expression());
        }
    }

    private void putPath(ObjectNode node, String key, Path value) {
        if (value != null) {
            node.put(key, path(value));
        }
    }

    /** {@code value} relative to the file's directory when it lies beneath it, otherwise as given. */
    private String path(Path value) {
        Path absolute = value.toAbsolutePath().normalize();
        return absolute.startsWith(dir) ? dir.relativize(absolute).toString() : value.toString();
    }
}
