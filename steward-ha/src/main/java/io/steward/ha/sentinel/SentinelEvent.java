package io.steward.ha.sentinel;

import io.steward.HostAndPort;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One event a sentinel published, such as {@code +switch-master steward 127.0.0.1 6379 127.0.0.1 6380}
 * or {@code +sdown master steward 127.0.0.1 6379}.
 *
 * @param sentinel   the sentinel that published it
 * @param type       the channel name, which Sentinel uses as the event type ({@code +sdown}, ...)
 * @param message    the payload as published
 * @param receivedAt when this process received it
 */
public record SentinelEvent(HostAndPort sentinel, String type, String message, Instant receivedAt) {

    /** {@code +switch-master}: the sentinels agreed on a new master. */
    public static final String SWITCH_MASTER = "+switch-master";
    /** {@code +sdown}: this sentinel considers an instance down. */
    public static final String SDOWN = "+sdown";
    /** {@code -sdown}: this sentinel considers the instance up again. */
    public static final String SDOWN_CLEARED = "-sdown";
    /** {@code +odown}: enough sentinels agree that the master is down. */
    public static final String ODOWN = "+odown";
    /** {@code +failover-end}: the failover finished. */
    public static final String FAILOVER_END = "+failover-end";
    /** {@code +tilt}: the sentinel entered TILT mode and stopped acting. */
    public static final String TILT = "+tilt";

    /** The event types an operator cares about, in the order a failover produces them. */
    public static final List<String> FAILOVER_TYPES =
            List.of(SDOWN, ODOWN, SWITCH_MASTER, FAILOVER_END, SDOWN_CLEARED, TILT);

    /**
     * The master name the event is about: the first word of {@code +switch-master}, or the word after
     * {@code master} in instance events ({@code master steward 127.0.0.1 6379 ...}); empty for events
     * about replicas and sentinels.
     */
    public Optional<String> masterName() {
        String[] words = words();
        if (SWITCH_MASTER.equals(type)) {
            return words.length >= 1 ? Optional.of(words[0]) : Optional.empty();
        }
        if (words.length >= 2 && "master".equals(words[0])) {
            return Optional.of(words[1]);
        }
        return Optional.empty();
    }

    /** The new master of a {@code +switch-master} event. */
    public Optional<HostAndPort> newMaster() {
        String[] words = words();
        if (!SWITCH_MASTER.equals(type) || words.length < 5) {
            return Optional.empty();
        }
        return address(words[3], words[4]);
    }

    /**
     * The old master of a {@code +switch-master} event
     * ({@code <name> <old-ip> <old-port> <new-ip> <new-port>}).
     */
    public Optional<HostAndPort> oldMaster() {
        String[] words = words();
        if (!SWITCH_MASTER.equals(type) || words.length < 5) {
            return Optional.empty();
        }
        return address(words[1], words[2]);
    }

    /**
     * The kind of instance an instance event is about: {@code master}, {@code slave} or
     * {@code sentinel}, the first word of {@code <type> <name> <ip> <port> [@ <master> <ip> <port>]};
     * empty for {@code +switch-master} and for a message of fewer than four words.
     */
    public Optional<String> instanceType() {
        String[] words = words();
        if (SWITCH_MASTER.equals(type) || words.length < 4) {
            return Optional.empty();
        }
        return Optional.of(words[0]);
    }

    /** The address of the instance an instance event is about (see {@link #instanceType()}). */
    public Optional<HostAndPort> instanceAddress() {
        if (instanceType().isEmpty()) {
            return Optional.empty();
        }
        String[] words = words();
        return address(words[2], words[3]);
    }

    /** Whether this is an instance event about a master (as opposed to a replica or a sentinel). */
    public boolean isAboutMasterInstance() {
        return instanceType().filter("master"::equals).isPresent();
    }

    /** Whether the event is about the master named {@code name} (a switch or a master instance event). */
    public boolean isAboutMaster(String name) {
        return masterName().filter(name::equals).isPresent();
    }

    private static Optional<HostAndPort> address(String host, String port) {
        try {
            return Optional.of(HostAndPort.of(host, Integer.parseInt(port)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private String[] words() {
        return Arrays.stream(message.trim().split("\\s+"))
                .filter(w -> !w.isEmpty())
                .toArray(String[]::new);
    }
}
