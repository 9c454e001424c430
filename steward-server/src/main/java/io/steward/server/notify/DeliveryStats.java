package io.steward.server.notify;

/**
 * Counts of what a notifier did with the transitions it was handed, for the daemon's metrics. Pending
 * transitions, which are never delivered, are not counted.
 *
 * @param delivered transitions delivered (a webhook answered 2xx, or a line was logged)
 * @param failed    transitions given up on after the last retry, or rejected by the receiver (4xx)
 * @param dropped   transitions discarded without a delivery attempt: the oldest when the queue was full,
 *                  those handed over after close, and those still queued or in flight at the close deadline
 */
public record DeliveryStats(long delivered, long failed, long dropped) {

    /** Nothing done yet. */
    public static final DeliveryStats ZERO = new DeliveryStats(0, 0, 0);

    /** The sum of these counts and {@code other}'s. */
    public DeliveryStats plus(DeliveryStats other) {
        return new DeliveryStats(delivered + other.delivered, failed + other.failed, dropped + other.dropped);
    }
}
