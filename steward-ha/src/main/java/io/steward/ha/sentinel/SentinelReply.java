package io.steward.ha.sentinel;

import io.steward.HostAndPort;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one Sentinel answered to {@code SENTINEL MASTERS} or {@code SENTINEL REPLICAS}: one field map per
 * entry, as Sentinel names the fields ({@code name}, {@code ip}, {@code port}, {@code flags}, ...).
 *
 * @param sentinel the Sentinel asked
 * @param error    why it could not be asked, or {@code null} when it answered
 * @param entries  its entries; empty when it could not be asked
 */
public record SentinelReply(HostAndPort sentinel, String error, List<Map<String, String>> entries) {

    public SentinelReply {
        Objects.requireNonNull(sentinel, "sentinel");
        entries = entries.stream().map(Map::copyOf).toList();
    }

    /** Whether the Sentinel answered. */
    public boolean isReachable() {
        return error == null;
    }
}
