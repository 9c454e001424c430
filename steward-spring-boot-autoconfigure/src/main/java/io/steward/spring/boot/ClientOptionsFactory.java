package io.steward.spring.boot;

import io.steward.ConfigException;
import io.steward.HostAndPort;
import io.steward.client.ClientOptions;
import io.steward.client.Mode;
import io.steward.client.TlsOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.util.ClassUtils;

/**
 * Turns {@link StewardProperties} into {@link ClientOptions}. Every failure is a
 * {@link ConfigException} whose field is the full property name ({@code steward.master-name}), so the
 * failed context start says which property to fix.
 */
final class ClientOptionsFactory {

    static final HostAndPort DEFAULT_ENDPOINT = HostAndPort.of("127.0.0.1", 6379);

    private static final String STEWARD_OPS_LOADER = "io.steward.ops.config.ConfigLoader";

    /** ClientOptions and TlsOptions field names, as they appear in their ConfigExceptions. */
    private static final Map<String, String> PROPERTY_OF_FIELD = Map.ofEntries(
            Map.entry("mode", "steward.mode"),
            Map.entry("endpoints", "steward.endpoints"),
            Map.entry("masterName", "steward.master-name"),
            Map.entry("username", "steward.user"),
            Map.entry("password", "steward.password"),
            Map.entry("profile", "steward.profile"),
            Map.entry("connectTimeout", "steward.connect-timeout"),
            Map.entry("commandTimeout", "steward.command-timeout"),
            Map.entry("clientName", "steward.client-name"),
            Map.entry("tls.caFile", "steward.tls.ca"),
            Map.entry("tls.certFile", "steward.tls.cert"),
            Map.entry("tls.keyFile", "steward.tls.key"));

    /** The operator account of a deployment Steward made (DESIGN §5). */
    private static final String OPERATOR = "admin";

    private ClientOptionsFactory() {}

    /**
     * @throws ConfigException naming the {@code steward.*} property of the first bad or conflicting
     *                         setting, or the file, line and field of a bad {@code steward.yaml}
     */
    static ClientOptions create(StewardProperties properties) {
        ClientOptions.Builder builder =
                properties.configFile() != null ? fromConfigFile(properties) : fromConnectionProperties(properties);
        if (properties.connectTimeout() != null) {
            builder.connectTimeout(properties.connectTimeout());
        }
        if (properties.commandTimeout() != null) {
            builder.commandTimeout(properties.commandTimeout());
        }
        if (properties.clientName() != null) {
            builder.clientName(properties.clientName());
        }
        ClientOptions options;
        try {
            options = builder.build();
        } catch (ConfigException e) {
            throw rename(e, properties);
        }
        refuseOperatorAccount(options, properties);
        return options;
    }

    private static ClientOptions.Builder fromConnectionProperties(StewardProperties properties) {
        ClientOptions.Builder builder = ClientOptions.builder();
        Mode mode = properties.mode() != null ? properties.mode() : ClientOptions.DEFAULT_MODE;
        builder.mode(mode).endpoints(endpoints(properties, mode));
        if (properties.profile() != null) {
            builder.profile(properties.profile());
        }
        builder.masterName(properties.masterName());
        credentials(builder, properties);
        StewardProperties.Tls tls = properties.tls();
        if (tls != null && tls.isConfigured()) {
            // The client reads these files only when it connects, where a missing one would be
            // reported under its own field name; checking here names the property.
            requireReadable(tls.ca(), "steward.tls.ca");
            requireReadable(tls.cert(), "steward.tls.cert");
            requireReadable(tls.key(), "steward.tls.key");
            try {
                builder.tls(new TlsOptions(tls.ca(), tls.cert(), tls.key()));
            } catch (ConfigException e) {
                throw rename(e, properties);
            }
        }
        return builder;
    }

    private static void credentials(ClientOptions.Builder builder, StewardProperties properties) {
        if (properties.password() != null && properties.passwordFile() != null) {
            throw new ConfigException(
                    "steward.password-file", "set either steward.password or steward.password-file, not both");
        }
        char[] password = properties.passwordFile() != null
                ? SecretFile.readChars(properties.passwordFile(), "steward.password-file")
                : properties.password() != null ? properties.password().toCharArray() : null;
        try {
            builder.username(properties.user()).password(password);
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    private static List<HostAndPort> endpoints(StewardProperties properties, Mode mode) {
        if (properties.endpoints().isEmpty()) {
            return mode == Mode.STANDALONE ? List.of(DEFAULT_ENDPOINT) : List.of();
        }
        List<HostAndPort> endpoints = new ArrayList<>();
        for (int i = 0; i < properties.endpoints().size(); i++) {
            try {
                endpoints.add(HostAndPort.parse(properties.endpoints().get(i)));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("steward.endpoints[" + i + "]", e.getMessage());
            }
        }
        return endpoints;
    }

    private static void requireReadable(Path file, String property) {
        if (file != null && !Files.isReadable(file)) {
            throw new ConfigException(property, "cannot read " + file + " (missing or not readable)");
        }
    }

    private static ClientOptions.Builder fromConfigFile(StewardProperties properties) {
        List<String> conflicting = conflictingWithConfigFile(properties);
        if (!conflicting.isEmpty()) {
            throw new ConfigException(
                    conflicting.get(0),
                    "cannot be set together with steward.config-file, which already describes the topology"
                            + " and TLS files (also set: " + conflicting + ")");
        }
        if (!ClassUtils.isPresent(STEWARD_OPS_LOADER, ClientOptionsFactory.class.getClassLoader())) {
            throw new ConfigException(
                    "steward.config-file",
                    "reading a steward.yaml needs io.steward:steward-ops on the class path; add that"
                            + " dependency or use the steward.* connection properties instead");
        }
        ClientOptions.Builder builder = StewardYamlFile.clientOptions(properties.configFile());
        if (properties.user() != null) {
            credentials(builder, properties); // the application's own user instead of the file's
        } else if (properties.password() != null || properties.passwordFile() != null) {
            throw new ConfigException(
                    "steward.user",
                    "is required when steward.password or steward.password-file is set with steward.config-file");
        }
        return builder;
    }

    /**
     * A deployment file names the user the CLI and the daemon log in as, which is Steward's operator account
     * {@code admin} for a deployment Steward made; an application must not run with its rights unknowingly.
     */
    private static void refuseOperatorAccount(ClientOptions options, StewardProperties properties) {
        if (properties.configFile() != null && properties.user() == null && OPERATOR.equals(options.username())) {
            throw new ConfigException(
                    "steward.config-file",
                    properties.configFile() + " logs in as '" + OPERATOR + "', the operator account that may run"
                            + " every command; set steward.user and steward.password-file to the application's own"
                            + " ACL user (in a home made by `steward up`: user app, password file secrets/app.pass)");
        }
    }

    private static List<String> conflictingWithConfigFile(StewardProperties p) {
        Map<String, Object> connection = new LinkedHashMap<>();
        connection.put("steward.mode", p.mode());
        connection.put("steward.endpoints", p.endpoints().isEmpty() ? null : p.endpoints());
        connection.put("steward.master-name", p.masterName());
        connection.put("steward.tls", p.tls() != null && p.tls().isConfigured() ? p.tls() : null);
        connection.put("steward.profile", p.profile());
        return connection.entrySet().stream()
                .filter(e -> e.getValue() != null)
                .map(Map.Entry::getKey)
                .toList();
    }

    private static ConfigException rename(ConfigException e, StewardProperties properties) {
        if (properties.configFile() != null || e.field() == null || e.field().startsWith("steward.")) {
            return e;
        }
        Map<String, String> propertyOfField = new HashMap<>(PROPERTY_OF_FIELD);
        if (properties.passwordFile() != null) {
            propertyOfField.put("password", "steward.password-file");
        }
        return OptionErrors.rename(e, "steward", propertyOfField);
    }
}
