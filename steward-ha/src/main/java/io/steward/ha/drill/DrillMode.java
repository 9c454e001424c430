package io.steward.ha.drill;

import io.steward.ConfigException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a drill takes the master away. */
public enum DrillMode {

    /** SIGKILL of the master's process, as a crash would; the supervisor restarts it as a replica. */
    KILL,
    /** SIGSTOP of the master until the switch, then SIGCONT: the old master comes back and must rejoin. */
    PAUSE,
    /** {@code SENTINEL FAILOVER} (Sentinel) or {@code CLUSTER FAILOVER} on a replica (Cluster): a planned switch. */
    MANUAL;

    /** The name on the command line and in JSON: {@code kill}, {@code pause}, {@code manual}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The mode called {@code text}.
     *
     * @throws ConfigException naming {@code field} when there is no such mode
     */
    public static DrillMode parse(String text, String field) {
        for (DrillMode mode : values()) {
            if (mode.id().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return mode;
            }
        }
        throw new ConfigException(
                field,
                "unknown mode '" + text + "'; allowed: "
                        + Arrays.stream(values()).map(DrillMode::id).collect(Collectors.joining(", ")));
    }
}
