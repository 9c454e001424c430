package io.steward.ha.drill;

/**
 * Acknowledged writes per second of all writers together, measured before the fault.
 *
 * @param ackedPerSecond      in the run's own mode (with {@code WAIT} when durable)
 * @param plainAckedPerSecond without {@code WAIT}, measured in the same run just before; {@code null}
 *                            unless the run is durable
 */
public record Throughput(double ackedPerSecond, Double plainAckedPerSecond) {

    /** Durable over plain throughput (below 1: the cost of waiting for a replica); {@code null} unless durable. */
    public Double durableRatio() {
        return plainAckedPerSecond == null || plainAckedPerSecond <= 0 ? null : ackedPerSecond / plainAckedPerSecond;
    }
}
