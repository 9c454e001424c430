package io.steward.client.internal;

import io.steward.HostAndPort;
import java.util.Optional;

/**
 * A sentinel's {@code +switch-master} message: {@code <master-name> <old-ip> <old-port> <new-ip> <new-port>}.
 */
record SwitchMasterEvent(String masterName, HostAndPort oldMaster, HostAndPort newMaster) {

    static final String CHANNEL = "+switch-master";

    /** The event in {@code message}, or empty when the message is not in the expected form. */
    static Optional<SwitchMasterEvent> parse(String message) {
        if (message == null) {
            return Optional.empty();
        }
        String[] parts = message.trim().split("\\s+");
        if (parts.length != 5) {
            return Optional.empty();
        }
        try {
            return Optional.of(new SwitchMasterEvent(
                    parts[0],
                    HostAndPort.of(parts[1], Integer.parseInt(parts[2])),
                    HostAndPort.of(parts[3], Integer.parseInt(parts[4]))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
