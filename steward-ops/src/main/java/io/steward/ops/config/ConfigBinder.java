package io.steward.ops.config;

import io.steward.ConfigException;
import io.steward.HostAndPort;
import io.steward.ops.config.YamlTree.Mapping;
import io.steward.ops.config.YamlTree.Node;
import io.steward.ops.config.YamlTree.Scalar;
import io.steward.ops.config.YamlTree.Sequence;
import io.steward.provision.DataRole;
import io.steward.provision.Profile;
import io.steward.provision.TopologyMode;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns a {@link YamlTree} into a {@link StewardConfig}, reporting every problem with the file, line
 * and field path. Section records validate themselves; their errors are re-reported here with the
 * line of the offending field.
 */
final class ConfigBinder {

    static final List<String> TOP_LEVEL_KEYS = List.of(
            "name", "profile", "topology", "auth", "tls", "thresholds", "backup", "alerts", "server", "schedule");

    /** One step of a field path: a key, optionally with a list index ({@code notify[1]}). */
    private static final Pattern PATH_PART = Pattern.compile("([^\\[]+)(?:\\[(\\d+)])?");

    private final Path file;
    private final Path baseDir;
    private final Mapping root;

    private ConfigBinder(Path file, Mapping root) {
        this.file = file;
        this.baseDir = file.getParent();
        this.root = root;
    }

    static StewardConfig bind(Path file, Node rootNode) {
        if (rootNode == null) {
            throw new ConfigException(file, 0, "", "file is empty; it needs at least a topology section");
        }
        if (!(rootNode instanceof Mapping mapping)) {
            throw new ConfigException(
                    file,
                    rootNode.line(),
                    "",
                    "must be a mapping of keys " + String.join(", ", TOP_LEVEL_KEYS) + ", not " + rootNode.kind());
        }
        return new ConfigBinder(file, mapping).bind();
    }

    private StewardConfig bind() {
        requireKeys(root, TOP_LEVEL_KEYS);
        String name = string(root, "name", StewardConfig.DEFAULT_NAME);
        Profile profile = choice(root, "profile", "profile", Profile.values(), StewardConfig.DEFAULT_PROFILE);
        Node topology = root.entries().get("topology");
        if (topology == null) {
            throw new ConfigException(file, 1, "topology", "required; give mode and sentinels or nodes");
        }
        return located(
                root,
                () -> new StewardConfig(
                        name,
                        profile,
                        topology(mapping(topology)),
                        auth(optionalMapping("auth")),
                        tls(optionalMapping("tls")),
                        thresholds(optionalMapping("thresholds")),
                        backup(optionalMapping("backup")),
                        alerts(optionalMapping("alerts")),
                        server(optionalMapping("server")),
                        schedule(optionalMapping("schedule")),
                        baseDir,
                        file));
    }

    private TopologyConfig topology(Mapping m) {
        requireKeys(m, List.of("mode", "master-name", "sentinels", "nodes", "role"));
        Scalar modeValue = scalar(m, "mode");
        if (modeValue == null || modeValue.isNull()) {
            throw new ConfigException(
                    file, m.line(), "topology.mode", "required; allowed: " + allowed(TopologyMode.values()));
        }
        TopologyMode mode = choice(m, "mode", "topology", TopologyMode.values(), null);
        String masterName = string(m, "master-name", null);
        List<HostAndPort> sentinels = endpoints(m, "sentinels");
        List<HostAndPort> nodes = endpoints(m, "nodes");
        DataRole role = choice(m, "role", "role", DataRole.values(), TopologyConfig.DEFAULT_ROLE);
        return located(m, () -> new TopologyConfig(mode, masterName, sentinels, nodes, role));
    }

    private AuthConfig auth(Mapping m) {
        if (m == null) {
            return AuthConfig.NONE;
        }
        requireKeys(m, List.of("user", "password-file", "password"));
        String user = string(m, "user", null);
        if (user == null) {
            // Without a user Redis would authenticate the 'default' user, which hardened deployments
            // disable: every node would then fail with an authentication error that hides the cause.
            throw new ConfigException(
                    file,
                    m.line(),
                    "auth.user",
                    "required; name the ACL user the password belongs to (such as user: admin), or write"
                            + " user: default for Redis' default user");
        }
        Path passwordFile = path(m, "password-file", null);
        Scalar password = scalar(m, "password");
        char[] inline =
                password == null || password.isNull() ? null : password.value().toCharArray();
        String reference = inline != null && EnvironmentExpander.isSingleReference(password.raw())
                ? password.raw().trim()
                : null;
        return located(m, () -> new AuthConfig(user, passwordFile, inline, reference));
    }

    private TlsConfig tls(Mapping m) {
        if (m == null) {
            return TlsConfig.DISABLED;
        }
        requireKeys(m, List.of("enabled", "ca", "cert", "key"));
        boolean enabled = bool(m, "enabled", true);
        Path ca = path(m, "ca", null);
        Path cert = path(m, "cert", null);
        Path key = path(m, "key", null);
        TlsConfig tls = located(m, () -> new TlsConfig(enabled, ca, cert, key));
        if (enabled) {
            requireReadable(m, "ca", ca);
            requireReadable(m, "cert", cert);
            requireReadable(m, "key", key);
        }
        return tls;
    }

    /**
     * Checks a file the section names now, so a wrong path is reported with this file's line and the
     * YAML key instead of failing later on every connection.
     */
    private void requireReadable(Mapping section, String key, Path value) {
        if (value == null) {
            return;
        }
        Node node = section.entries().get(key);
        String field = section.path() + "." + key;
        String problem = null;
        if (Files.isDirectory(value)) {
            problem = value + " is a directory; give the PEM file";
        } else if (!Files.isReadable(value)) {
            problem = Files.exists(value)
                    ? "cannot read " + value + ": permission denied; the user running steward needs read access"
                    : value + " does not exist; check the path (relative paths start at " + baseDir + ")";
        }
        if (problem != null) {
            throw new ConfigException(file, node.line(), field, problem);
        }
    }

    private Thresholds thresholds(Mapping m) {
        if (m == null) {
            return Thresholds.DEFAULTS;
        }
        requireKeys(m, ThresholdKeys.ALL.stream().map(ThresholdKeys.Key::name).toList());
        Thresholds.Builder builder = Thresholds.builder();
        for (ThresholdKeys.Key key : ThresholdKeys.ALL) {
            Scalar value = scalar(m, key.name());
            if (value != null && !value.isNull()) {
                key.setter().accept(builder, parse(value, parser(key.kind())));
            }
        }
        return located(m, builder::build);
    }

    private static Function<String, Object> parser(ThresholdKeys.Kind kind) {
        return switch (kind) {
            case RATIO -> ValueSyntax::ratio;
            case DECIMAL -> ValueSyntax::decimal;
            case COUNT -> ValueSyntax::count;
            case SIZE -> ValueSyntax::size;
            case DURATION -> ValueSyntax::duration;
        };
    }

    private BackupConfig backup(Mapping m) {
        if (m == null) {
            return located(
                    root,
                    () -> new BackupConfig(
                            baseDir.resolve(BackupConfig.DEFAULT_DIR),
                            BackupConfig.DEFAULT_COMPRESSION,
                            null,
                            BackupConfig.Schedule.NONE,
                            BackupConfig.Retention.DEFAULT));
        }
        requireKeys(m, List.of("dir", "compress", "encryption-key-file", "schedule", "retention"));
        Path dir = path(m, "dir", BackupConfig.DEFAULT_DIR);
        BackupConfig.Compression compression = choice(
                m, "compress", "compression", BackupConfig.Compression.values(), BackupConfig.DEFAULT_COMPRESSION);
        Path keyFile = path(m, "encryption-key-file", null);
        BackupConfig.Schedule schedule = BackupConfig.Schedule.NONE;
        Mapping s = childMapping(m, "schedule");
        if (s != null) {
            requireKeys(s, List.of("rdb", "full", "verify", "cleanup"));
            String rdb = string(s, "rdb", null);
            String full = string(s, "full", null);
            String verify = string(s, "verify", null);
            String cleanup = string(s, "cleanup", null);
            schedule = located(s, () -> new BackupConfig.Schedule(rdb, full, verify, cleanup));
        }
        BackupConfig.Retention retention = BackupConfig.Retention.DEFAULT;
        Mapping r = childMapping(m, "retention");
        if (r != null) {
            requireKeys(r, List.of("rdb-days", "full-days", "keep-last"));
            int rdbDays = integer(r, "rdb-days", BackupConfig.Retention.DEFAULT_RDB_DAYS);
            int fullDays = integer(r, "full-days", BackupConfig.Retention.DEFAULT_FULL_DAYS);
            int keepLast = integer(r, "keep-last", BackupConfig.Retention.DEFAULT_KEEP_LAST);
            retention = located(r, () -> new BackupConfig.Retention(rdbDays, fullDays, keepLast));
        }
        BackupConfig.Schedule finalSchedule = schedule;
        BackupConfig.Retention finalRetention = retention;
        return located(m, () -> new BackupConfig(dir, compression, keyFile, finalSchedule, finalRetention));
    }

    private AlertsConfig alerts(Mapping m) {
        if (m == null) {
            return AlertsConfig.DEFAULT;
        }
        requireKeys(m, List.of("rules", "repeat-interval", "thresholds", "overrides", "notify"));
        String rules = string(m, "rules", AlertsConfig.DEFAULT_RULES);
        Duration repeatInterval = duration(m, "repeat-interval", AlertsConfig.DEFAULT_REPEAT_INTERVAL);
        AlertThresholds thresholds = alertThresholds(childMapping(m, "thresholds"));
        Map<String, AlertsConfig.RuleOverride> overrides = overrides(childMapping(m, "overrides"));
        List<AlertsConfig.Notifier> notifiers = notifiers(m.entries().get("notify"));
        return located(m, () -> new AlertsConfig(rules, repeatInterval, thresholds, overrides, notifiers));
    }

    private AlertThresholds alertThresholds(Mapping m) {
        if (m == null) {
            return AlertThresholds.DEFAULTS;
        }
        requireKeys(m, AlertThresholdKeys.names());
        AlertThresholds.Builder builder = AlertThresholds.builder();
        for (AlertThresholdKeys.Key key : AlertThresholdKeys.ALL) {
            Scalar value = scalar(m, key.name());
            if (value != null && !value.isNull()) {
                key.setter().accept(builder, parse(value, parser(key.kind())));
            }
        }
        return located(m, builder::build);
    }

    private Map<String, AlertsConfig.RuleOverride> overrides(Mapping m) {
        if (m == null) {
            return Map.of();
        }
        Map<String, AlertsConfig.RuleOverride> overrides = new LinkedHashMap<>();
        for (var entry : m.entries().entrySet()) {
            String rule = entry.getKey();
            Node node = entry.getValue();
            if (!AlertsConfig.RULE_NAMES.contains(rule)) {
                throw new ConfigException(
                        file,
                        node.line(),
                        node.path(),
                        "unknown rule '" + rule + "'; allowed: " + String.join(", ", AlertsConfig.RULE_NAMES));
            }
            if (!(node instanceof Mapping o)) {
                throw new ConfigException(
                        file,
                        node.line(),
                        node.path(),
                        "must be a mapping such as { for: 30s, severity: warning, enabled: false }, not "
                                + node.kind());
            }
            requireKeys(o, List.of("for", "severity", "enabled"));
            Duration forDuration = duration(o, "for", null);
            AlertSeverity severity = choice(o, "severity", "severity", AlertSeverity.values(), null);
            boolean enabled = bool(o, "enabled", true);
            overrides.put(rule, new AlertsConfig.RuleOverride(forDuration, severity, enabled));
        }
        return overrides;
    }

    private List<AlertsConfig.Notifier> notifiers(Node notify) {
        if (notify == null || notify instanceof Scalar s && s.isNull()) {
            return List.of();
        }
        if (!(notify instanceof Sequence seq)) {
            throw new ConfigException(
                    file,
                    notify.line(),
                    notify.path(),
                    "must be a list such as [ { webhook: \"http://127.0.0.1:9000/hook\" } ], not " + notify.kind());
        }
        List<AlertsConfig.Notifier> notifiers = new ArrayList<>();
        for (Node item : seq.items()) {
            Mapping n = mapping(item);
            requireKeys(n, List.of("webhook", "format", "timeout", "retries"));
            Scalar url = scalar(n, "webhook");
            if (url == null || url.isNull()) {
                throw new ConfigException(
                        file,
                        n.line(),
                        n.path() + ".webhook",
                        "required; an http(s) URL such as http://127.0.0.1:9000/hook");
            }
            URI uri = parse(url, text -> {
                try {
                    return new URI(text.trim());
                } catch (URISyntaxException e) {
                    throw new IllegalArgumentException("'" + text + "' is not a URL", e);
                }
            });
            AlertsConfig.Notifier.Format format = choice(
                    n, "format", "format", AlertsConfig.Notifier.Format.values(), AlertsConfig.Notifier.DEFAULT_FORMAT);
            Duration timeout = duration(n, "timeout", AlertsConfig.Notifier.DEFAULT_TIMEOUT);
            int retries = integer(n, "retries", AlertsConfig.Notifier.DEFAULT_RETRIES);
            notifiers.add(
                    locatedItem(n, "alerts.notify.", () -> new AlertsConfig.Notifier(uri, format, timeout, retries)));
        }
        return notifiers;
    }

    private ScheduleConfig schedule(Mapping m) {
        if (m == null) {
            return ScheduleConfig.DEFAULT;
        }
        requireKeys(m, List.of("metrics", "memory-check", "trends", "capacity"));
        Duration metrics = duration(m, "metrics", ScheduleConfig.DEFAULT_METRICS);
        String memoryCheck = string(m, "memory-check", ScheduleConfig.DEFAULT_MEMORY_CHECK.expression());
        String trends = string(m, "trends", ScheduleConfig.DEFAULT_TRENDS.expression());
        String capacity = string(m, "capacity", ScheduleConfig.DEFAULT_CAPACITY.expression());
        return located(m, () -> new ScheduleConfig(metrics, memoryCheck, trends, capacity));
    }

    private ServerConfig server(Mapping m) {
        if (m == null) {
            return new ServerConfig(
                    ServerConfig.DEFAULT_BIND,
                    ServerConfig.DEFAULT_PORT,
                    baseDir.resolve(ServerConfig.DEFAULT_TOKEN_FILE));
        }
        requireKeys(m, List.of("bind", "port", "token-file"));
        String bind = string(m, "bind", ServerConfig.DEFAULT_BIND);
        int port = integer(m, "port", ServerConfig.DEFAULT_PORT);
        Path tokenFile = path(m, "token-file", ServerConfig.DEFAULT_TOKEN_FILE);
        return located(m, () -> new ServerConfig(bind, port, tokenFile));
    }

    // ---- typed access with located errors ----

    private Mapping optionalMapping(String key) {
        return childMapping(root, key);
    }

    private Mapping childMapping(Mapping parent, String key) {
        Node node = parent.entries().get(key);
        if (node == null || node instanceof Scalar s && s.isNull()) {
            return null;
        }
        return mapping(node);
    }

    private Mapping mapping(Node node) {
        if (node instanceof Mapping m) {
            return m;
        }
        throw new ConfigException(file, node.line(), node.path(), "must be a mapping of keys, not " + node.kind());
    }

    private void requireKeys(Mapping m, List<String> allowed) {
        for (var entry : m.entries().entrySet()) {
            if (!allowed.contains(entry.getKey())) {
                throw new ConfigException(
                        file,
                        entry.getValue().line(),
                        entry.getValue().path(),
                        "unknown key '" + entry.getKey() + "'; allowed: " + String.join(", ", allowed));
            }
        }
    }

    private Scalar scalar(Mapping m, String key) {
        Node node = m.entries().get(key);
        if (node == null) {
            return null;
        }
        if (node instanceof Scalar s) {
            return s;
        }
        throw new ConfigException(file, node.line(), node.path(), "must be a single value, not " + node.kind());
    }

    private String string(Mapping m, String key, String fallback) {
        Scalar s = scalar(m, key);
        return s == null || s.isNull() ? fallback : s.value();
    }

    private int integer(Mapping m, String key, int fallback) {
        Scalar s = scalar(m, key);
        if (s == null || s.isNull()) {
            return fallback;
        }
        return parse(s, text -> {
            try {
                return Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not a whole number", e);
            }
        });
    }

    private Duration duration(Mapping m, String key, Duration fallback) {
        Scalar s = scalar(m, key);
        return s == null || s.isNull() ? fallback : parse(s, ValueSyntax::duration);
    }

    private boolean bool(Mapping m, String key, boolean fallback) {
        Scalar s = scalar(m, key);
        if (s == null || s.isNull()) {
            return fallback;
        }
        return parse(s, text -> switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException("'" + text + "' is not a boolean; allowed: true, false");
        });
    }

    private Path path(Mapping m, String key, Path fallback) {
        Scalar s = scalar(m, key);
        Path relative = s == null || s.isNull() ? fallback : parse(s, Path::of);
        return relative == null ? null : baseDir.resolve(relative).normalize();
    }

    private <E extends Enum<E>> E choice(Mapping m, String key, String noun, E[] values, E fallback) {
        Scalar s = scalar(m, key);
        if (s == null || s.isNull()) {
            return fallback;
        }
        String wanted = s.value().trim().toLowerCase(Locale.ROOT);
        for (E value : values) {
            if (value.name().toLowerCase(Locale.ROOT).equals(wanted)) {
                return value;
            }
        }
        throw new ConfigException(
                file, s.line(), s.path(), "unknown " + noun + " '" + s.value() + "'; allowed: " + allowed(values));
    }

    private static String allowed(Enum<?>[] values) {
        return Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
    }

    private List<HostAndPort> endpoints(Mapping m, String key) {
        Node node = m.entries().get(key);
        if (node == null || node instanceof Scalar s && s.isNull()) {
            return List.of();
        }
        List<Scalar> items = new ArrayList<>();
        if (node instanceof Sequence seq) {
            for (Node item : seq.items()) {
                if (!(item instanceof Scalar s) || s.isNull()) {
                    throw new ConfigException(file, item.line(), item.path(), "must be host:port");
                }
                items.add(s);
            }
        } else if (node instanceof Scalar s) {
            items.add(s);
        } else {
            throw new ConfigException(
                    file, node.line(), node.path(), "must be a list of host:port, not " + node.kind());
        }
        List<HostAndPort> endpoints = new ArrayList<>();
        for (Scalar item : items) {
            HostAndPort endpoint = parse(item, HostAndPort::parse);
            if (endpoints.contains(endpoint)) {
                throw new ConfigException(file, item.line(), item.path(), endpoint + " is listed twice");
            }
            endpoints.add(endpoint);
        }
        return endpoints;
    }

    private <T> T parse(Scalar s, Function<String, T> parser) {
        try {
            return parser.apply(s.value());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file, s.line(), s.path(), e.getMessage());
        }
    }

    /**
     * Runs a section constructor, re-reporting its validation error with this file and the line of the
     * field it names (or of the section when that field is not written in the file).
     */
    private <T> T located(Mapping section, Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (ConfigException e) {
            throw relocated(e, e.field(), section);
        }
    }

    /**
     * Runs the constructor of a list item, whose errors name the field without the item's index
     * ({@code alerts.notify.timeout}): re-reports them with the item's path ({@code alerts.notify[1].timeout}).
     */
    private <T> T locatedItem(Mapping item, String fieldPrefix, Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (ConfigException e) {
            String field = e.field();
            String itemField = field != null && field.startsWith(fieldPrefix)
                    ? item.path() + "." + field.substring(fieldPrefix.length())
                    : field;
            throw relocated(e, itemField, item);
        }
    }

    private ConfigException relocated(ConfigException e, String field, Node section) {
        if (e.file().isPresent()) {
            return e;
        }
        String original = e.field();
        String prefix = original == null || original.isEmpty() ? "" : original + ": ";
        String problem = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
        ConfigException located = new ConfigException(file, lineOf(field, section), field, problem);
        located.initCause(e);
        return located;
    }

    private int lineOf(String field, Node fallback) {
        if (field == null) {
            return fallback.line();
        }
        Node node = root;
        for (String part : field.split("\\.")) {
            Matcher m = PATH_PART.matcher(part);
            if (!m.matches()
                    || !(node instanceof Mapping mapping)
                    || !mapping.entries().containsKey(m.group(1))) {
                return fallback.line();
            }
            node = mapping.entries().get(m.group(1));
            if (m.group(2) != null) {
                int index = Integer.parseInt(m.group(2));
                if (!(node instanceof Sequence seq) || index >= seq.items().size()) {
                    return fallback.line();
                }
                node = seq.items().get(index);
            }
        }
        return node.line();
    }
}
