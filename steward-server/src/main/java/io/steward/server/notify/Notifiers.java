package io.steward.server.notify;

import io.steward.ops.config.AlertsConfig;
import io.steward.ops.config.StewardConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The notifiers of one deployment: a log notifier, always, and one webhook notifier per {@code notify}
 * entry of {@code steward.yaml}, each with its own delivery thread. Owns those threads: {@link #close()}
 * delivers what is queued, within {@link #DRAIN_TIMEOUT}, and stops them.
 *
 * <p>Thread-safe.
 */
public final class Notifiers implements AutoCloseable {

    /** How long {@link #close()} waits, for all webhooks together, for queued transitions to go out. */
    public static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

    private final List<AlertNotifier> all;
    private final List<WebhookNotifier> webhooks;
    private final AlertNotifier fanOut;
    private final Duration drainTimeout;
    private boolean closed;

    private Notifiers(AlertNotifier log, List<WebhookNotifier> webhooks, Duration drainTimeout) {
        List<AlertNotifier> notifiers = new ArrayList<>();
        notifiers.add(log);
        notifiers.addAll(webhooks);
        this.all = List.copyOf(notifiers);
        this.webhooks = List.copyOf(webhooks);
        this.fanOut = new FanOutNotifier(all);
        this.drainTimeout = drainTimeout;
    }

    /** The notifiers for {@code config}'s alerts, naming the deployment after {@code config.name()}. */
    public static Notifiers create(StewardConfig config) {
        return create(config.name(), config.alerts());
    }

    /**
     * The notifiers for {@code alerts}, their delivery threads started.
     *
     * @param deployment the name webhooks report in their {@code deployment} field
     */
    public static Notifiers create(String deployment, AlertsConfig alerts) {
        return create(deployment, alerts, WebhookNotifier.Tuning.DEFAULT, DRAIN_TIMEOUT);
    }

    static Notifiers create(
            String deployment, AlertsConfig alerts, WebhookNotifier.Tuning tuning, Duration drainTimeout) {
        Objects.requireNonNull(deployment, "deployment");
        List<WebhookNotifier> webhooks = new ArrayList<>();
        for (AlertsConfig.Notifier target : alerts.notifiers()) {
            webhooks.add(WebhookNotifier.start(target, deployment, tuning));
        }
        return new Notifiers(new LogNotifier(), webhooks, drainTimeout);
    }

    /** Every notifier: the log notifier first, then the webhooks in the order configured. */
    public List<AlertNotifier> all() {
        return all;
    }

    /** One notifier handing each transition to all of {@link #all()}, isolating their failures. */
    public AlertNotifier fanOut() {
        return fanOut;
    }

    /** The counts of every notifier added up, including failures the fan-out isolated. */
    public DeliveryStats stats() {
        return fanOut.stats();
    }

    /**
     * Stops accepting transitions, delivers those queued until {@link #DRAIN_TIMEOUT} has passed, and
     * counts what is still undelivered then as dropped. Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        webhooks.forEach(WebhookNotifier::stopAccepting);
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        webhooks.forEach(w -> w.awaitDrained(deadline));
    }

    @Override
    public String toString() {
        return "Notifiers" + all;
    }
}
