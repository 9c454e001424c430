package io.steward.client;

import io.steward.ConfigException;
import io.steward.HostAndPort;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Immutable settings for a {@link StewardClient}. Build with {@link #builder()}; settings left unset
 * take the {@code DEFAULT_*} constants here or, for timeouts and connection settings, the defaults
 * of the chosen {@link Profile}.
 *
 * <p>The password is copied in and out and never appears in {@link #toString()}.
 *
 * @param mode                  how the deployment is laid out
 * @param endpoints             the standalone node, the sentinels, or the cluster seeds
 * @param masterName            the name the sentinels monitor the master under; SENTINEL only
 * @param username              the ACL user, or {@code null} for the {@code default} user
 * @param password              the password, or {@code null} when the server needs none
 * @param tls                   TLS settings, or {@code null} for plaintext
 * @param profile               where the defaults for timeouts and connection settings come from
 * @param connectTimeout        TCP and TLS connect timeout
 * @param commandTimeout        how long a command may take before it fails with a timeout
 * @param requestQueueSize      commands that may wait on one connection before new ones are rejected
 * @param maxReconnectDelay     upper bound of the reconnect back-off of connections that reconnect by
 *                              themselves: Cluster, sentinel subscriptions and {@code connectNode};
 *                              the master connection is instead replaced by a fresh one (see
 *                              {@code masterResolveInterval})
 * @param keepAlive             whether TCP keep-alive is enabled
 * @param tcpNoDelay            whether Nagle's algorithm is disabled
 * @param masterResolveInterval the least time between two fallback look-ups of the master while the
 *                              connection to it is lost (SENTINEL and STANDALONE)
 * @param clientName            the name shown by {@code CLIENT LIST}, or {@code null} for none
 */
public record ClientOptions(
        Mode mode,
        List<HostAndPort> endpoints,
        String masterName,
        String username,
        char[] password,
        TlsOptions tls,
        Profile profile,
        Duration connectTimeout,
        Duration commandTimeout,
        int requestQueueSize,
        Duration maxReconnectDelay,
        boolean keepAlive,
        boolean tcpNoDelay,
        Duration masterResolveInterval,
        String clientName) {

    public static final Mode DEFAULT_MODE = Mode.STANDALONE;
    public static final Profile DEFAULT_PROFILE = Profile.PRODUCTION;
    public static final boolean DEFAULT_KEEP_ALIVE = true;
    public static final boolean DEFAULT_TCP_NO_DELAY = true;
    public static final Duration DEFAULT_MASTER_RESOLVE_INTERVAL = Duration.ofMillis(250);
    public static final String DEFAULT_CLIENT_NAME = "steward";

    /**
     * Validates and copies. Prefer {@link #builder()}, which fills unset values from the profile.
     *
     * @throws ConfigException naming the field when a setting is missing, out of range or conflicts
     *                         with the mode
     */
    public ClientOptions {
        require(mode != null, "mode", "is required");
        require(
                endpoints != null && !endpoints.isEmpty(),
                "endpoints",
                "at least one host:port is required (the node, the sentinels or the cluster seeds)");
        require(endpoints.stream().allMatch(Objects::nonNull), "endpoints", "must not contain null");
        endpoints = List.copyOf(endpoints);
        require(
                mode != Mode.STANDALONE || endpoints.size() == 1,
                "endpoints",
                "STANDALONE takes exactly one node, got " + endpoints.size());
        if (mode == Mode.SENTINEL) {
            require(
                    masterName != null && !masterName.isBlank(),
                    "masterName",
                    "is required in SENTINEL mode (the name the sentinels monitor the master under)");
        } else {
            require(masterName == null, "masterName", "is only used in SENTINEL mode, not " + mode);
        }
        require(username == null || !username.isBlank(), "username", "must not be blank");
        require(username == null || password != null, "password", "is required when a username is set");
        require(password == null || password.length > 0, "password", "must not be empty");
        password = password == null ? null : password.clone();
        require(profile != null, "profile", "is required");
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(commandTimeout, "commandTimeout");
        require(requestQueueSize > 0, "requestQueueSize", "must be positive, was " + requestQueueSize);
        requirePositive(maxReconnectDelay, "maxReconnectDelay");
        requirePositive(masterResolveInterval, "masterResolveInterval");
        require(
                clientName == null
                        || (!clientName.isEmpty() && clientName.chars().allMatch(c -> c > ' ' && c < 127)),
                "clientName",
                "must be printable ASCII without spaces");
    }

    /** A builder with every setting at its default. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, for deriving a variant. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.mode = mode;
        b.endpoints.addAll(endpoints);
        b.masterName = masterName;
        b.username = username;
        b.password = password == null ? null : password.clone();
        b.tls = tls;
        b.profile = profile;
        b.connectTimeout = connectTimeout;
        b.commandTimeout = commandTimeout;
        b.requestQueueSize = requestQueueSize;
        b.maxReconnectDelay = maxReconnectDelay;
        b.keepAlive = keepAlive;
        b.tcpNoDelay = tcpNoDelay;
        b.masterResolveInterval = masterResolveInterval;
        b.clientName = clientName;
        return b;
    }

    /** A copy of the password, or {@code null}; callers should clear it after use. */
    @Override
    public char[] password() {
        return password == null ? null : password.clone();
    }

    /** Whether a password is configured. */
    public boolean hasPassword() {
        return password != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientOptions other
                && mode == other.mode
                && endpoints.equals(other.endpoints)
                && Objects.equals(masterName, other.masterName)
                && Objects.equals(username, other.username)
                && Arrays.equals(password, other.password)
                && Objects.equals(tls, other.tls)
                && profile == other.profile
                && connectTimeout.equals(other.connectTimeout)
                && commandTimeout.equals(other.commandTimeout)
                && requestQueueSize == other.requestQueueSize
                && maxReconnectDelay.equals(other.maxReconnectDelay)
                && keepAlive == other.keepAlive
                && tcpNoDelay == other.tcpNoDelay
                && masterResolveInterval.equals(other.masterResolveInterval)
                && Objects.equals(clientName, other.clientName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                mode,
                endpoints,
                masterName,
                username,
                Arrays.hashCode(password),
                tls,
                profile,
                connectTimeout,
                commandTimeout,
                requestQueueSize,
                maxReconnectDelay,
                keepAlive,
                tcpNoDelay,
                masterResolveInterval,
                clientName);
    }

    /** Every setting except the password, which shows only as set or not. */
    @Override
    public String toString() {
        return "ClientOptions[mode=" + mode + ", endpoints=" + endpoints
                + (masterName == null ? "" : ", masterName=" + masterName)
                + ", username=" + username + ", password=" + (password == null ? "<none>" : "<set>")
                + ", tls=" + tls + ", profile=" + profile + ", connectTimeout=" + connectTimeout
                + ", commandTimeout=" + commandTimeout + ", requestQueueSize=" + requestQueueSize
                + ", maxReconnectDelay=" + maxReconnectDelay + ", keepAlive=" + keepAlive
                + ", tcpNoDelay=" + tcpNoDelay + ", masterResolveInterval=" + masterResolveInterval
                + ", clientName=" + clientName + "]";
    }

    private static void require(boolean condition, String field, String problem) {
        if (!condition) {
            throw new ConfigException(field, problem);
        }
    }

    private static void requirePositive(Duration value, String field) {
        require(value != null, field, "is required");
        require(!value.isNegative() && !value.isZero(), field, "must be positive, was " + value);
    }

    /**
     * Collects settings; {@link #build()} validates them. Not thread-safe. Timeouts, queue size and
     * reconnect delay left unset come from the profile in effect at {@link #build()}.
     */
    public static final class Builder {

        private Mode mode = DEFAULT_MODE;
        private final List<HostAndPort> endpoints = new ArrayList<>();
        private String masterName;
        private String username;
        private char[] password;
        private TlsOptions tls;
        private Profile profile = DEFAULT_PROFILE;
        private Duration connectTimeout;
        private Duration commandTimeout;
        private Integer requestQueueSize;
        private Duration maxReconnectDelay;
        private boolean keepAlive = DEFAULT_KEEP_ALIVE;
        private boolean tcpNoDelay = DEFAULT_TCP_NO_DELAY;
        private Duration masterResolveInterval = DEFAULT_MASTER_RESOLVE_INTERVAL;
        private String clientName = DEFAULT_CLIENT_NAME;

        private Builder() {}

        public Builder mode(Mode mode) {
            this.mode = mode;
            return this;
        }

        /** Replaces the endpoints: the standalone node, the sentinels, or the cluster seeds. */
        public Builder endpoints(List<HostAndPort> endpoints) {
            this.endpoints.clear();
            if (endpoints != null) {
                this.endpoints.addAll(endpoints);
            }
            return this;
        }

        /** Replaces the endpoints. */
        public Builder endpoints(HostAndPort... endpoints) {
            return endpoints(Arrays.asList(endpoints));
        }

        /** Adds one endpoint. */
        public Builder endpoint(HostAndPort endpoint) {
            this.endpoints.add(endpoint);
            return this;
        }

        public Builder masterName(String masterName) {
            this.masterName = masterName;
            return this;
        }

        public Builder username(String username) {
            this.username = username;
            return this;
        }

        /** Copies the password; the caller may clear its array afterwards. */
        public Builder password(char[] password) {
            this.password = password == null ? null : password.clone();
            return this;
        }

        /** Sets the ACL user and copies its password. */
        public Builder credentials(String username, char[] password) {
            return username(username).password(password);
        }

        public Builder tls(TlsOptions tls) {
            this.tls = tls;
            return this;
        }

        public Builder profile(Profile profile) {
            this.profile = profile;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        public Builder commandTimeout(Duration commandTimeout) {
            this.commandTimeout = commandTimeout;
            return this;
        }

        public Builder requestQueueSize(int requestQueueSize) {
            this.requestQueueSize = requestQueueSize;
            return this;
        }

        public Builder maxReconnectDelay(Duration maxReconnectDelay) {
            this.maxReconnectDelay = maxReconnectDelay;
            return this;
        }

        public Builder keepAlive(boolean keepAlive) {
            this.keepAlive = keepAlive;
            return this;
        }

        public Builder tcpNoDelay(boolean tcpNoDelay) {
            this.tcpNoDelay = tcpNoDelay;
            return this;
        }

        public Builder masterResolveInterval(Duration masterResolveInterval) {
            this.masterResolveInterval = masterResolveInterval;
            return this;
        }

        /** The name shown by {@code CLIENT LIST}; {@code null} sets none. */
        public Builder clientName(String clientName) {
            this.clientName = clientName;
            return this;
        }

        /**
         * @throws ConfigException naming the field of the first invalid or conflicting setting
         */
        public ClientOptions build() {
            if (profile == null) {
                throw new ConfigException("profile", "is required");
            }
            return new ClientOptions(
                    mode,
                    endpoints,
                    masterName,
                    username,
                    password,
                    tls,
                    profile,
                    connectTimeout != null ? connectTimeout : profile.connectTimeout(),
                    commandTimeout != null ? commandTimeout : profile.commandTimeout(),
                    requestQueueSize != null ? requestQueueSize : profile.requestQueueSize(),
                    maxReconnectDelay != null ? maxReconnectDelay : profile.maxReconnectDelay(),
                    keepAlive,
                    tcpNoDelay,
                    masterResolveInterval,
                    clientName);
        }
    }
}
