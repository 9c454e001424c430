package io.steward.server.notify;

import io.steward.monitor.alert.AlertTransition;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each transition to every notifier in order; one that throws is logged and counted as a failure
 * and does not keep the transition from the others.
 */
final class FanOutNotifier implements AlertNotifier {

    private static final Logger LOG = LoggerFactory.getLogger(FanOutNotifier.class);

    private final List<AlertNotifier> notifiers;
    private final AtomicLong failed = new AtomicLong();

    FanOutNotifier(List<AlertNotifier> notifiers) {
        this.notifiers = List.copyOf(notifiers);
    }

    @Override
    public void notify(AlertTransition transition) {
        for (AlertNotifier notifier : notifiers) {
            try {
                notifier.notify(transition);
            } catch (RuntimeException e) {
                // Isolation is the point of the fan-out: one broken notifier must not silence the others.
                failed.incrementAndGet();
                LOG.warn(
                        "alert notifier {} failed on {} {}: {}",
                        notifier,
                        transition.kind(),
                        transition.alert().rule(),
                        e.toString());
            }
        }
    }

    /** The sum over the notifiers, plus the transitions a notifier threw on. */
    @Override
    public DeliveryStats stats() {
        DeliveryStats sum = new DeliveryStats(0, failed.get(), 0);
        for (AlertNotifier notifier : notifiers) {
            sum = sum.plus(notifier.stats());
        }
        return sum;
    }

    @Override
    public String toString() {
        return "fan-out " + notifiers;
    }
}
