package io.steward.server.notify;

import io.steward.monitor.alert.AlertTransition;

/**
 * Delivers alert transitions somewhere a person sees them. Implementations are thread-safe and do not
 * block on the network: {@link #notify(AlertTransition)} is called on the thread that evaluated the
 * alerts. Obtain them from {@link Notifiers}.
 */
public interface AlertNotifier {

    /**
     * Hands over one transition. Transitions whose {@link AlertTransition.Kind#notifies() kind does
     * not notify} (pending) are ignored; the others are delivered now or queued for delivery.
     */
    void notify(AlertTransition transition);

    /** What this notifier has done so far. */
    DeliveryStats stats();
}
