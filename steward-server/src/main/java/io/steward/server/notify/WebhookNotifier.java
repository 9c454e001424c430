package io.steward.server.notify;

import io.steward.monitor.alert.AlertTransition;
import io.steward.ops.config.AlertsConfig;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts transitions to one webhook from a {@link DropOldestQueue} drained by one daemon thread, so
 * {@link #notify(AlertTransition)} never waits for the network. Each transition is posted by a {@link RetryingPoster}.
 */
final class WebhookNotifier implements AlertNotifier {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookNotifier.class);
    /** How long close waits for the worker to stop once interrupted at the deadline. */
    private static final Duration ABANDON_WAIT = Duration.ofSeconds(2);

    /**
     * How deliveries are paced.
     *
     * @param queueCapacity transitions waiting at most; beyond it the oldest is dropped
     * @param retryBase     the wait after the first failed attempt; it doubles with each retry
     * @param retryCap      the longest wait between attempts
     * @param pause         how waits are made
     */
    record Tuning(int queueCapacity, Duration retryBase, Duration retryCap, RetryingPoster.Pause pause) {
        static final Tuning DEFAULT =
                new Tuning(1000, Duration.ofMillis(250), Duration.ofSeconds(30), RetryingPoster.Pause.SLEEP);

        Tuning {
            Objects.requireNonNull(retryBase, "retryBase");
            Objects.requireNonNull(retryCap, "retryCap");
            Objects.requireNonNull(pause, "pause");
        }
    }

    private final AlertsConfig.Notifier target;
    private final String deployment;
    private final RetryingPoster poster;
    private final DropOldestQueue<AlertTransition> queue;
    private final Thread worker;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    private WebhookNotifier(AlertsConfig.Notifier target, String deployment, Tuning tuning) {
        this.target = Objects.requireNonNull(target, "target");
        this.deployment = Objects.requireNonNull(deployment, "deployment");
        this.poster = new RetryingPoster(target, tuning.retryBase(), tuning.retryCap(), tuning.pause());
        this.queue = new DropOldestQueue<>(tuning.queueCapacity());
        this.worker =
                new Thread(this::run, "steward-webhook-" + target.webhook().getHost());
        this.worker.setDaemon(true);
    }

    /** A notifier for {@code target} with its delivery thread running. */
    static WebhookNotifier start(AlertsConfig.Notifier target, String deployment, Tuning tuning) {
        WebhookNotifier notifier = new WebhookNotifier(target, deployment, tuning);
        notifier.worker.start();
        return notifier;
    }

    @Override
    public void notify(AlertTransition transition) {
        if (!transition.kind().notifies()) {
            return;
        }
        switch (queue.offer(transition)) {
            case ADDED -> {}
            case ADDED_DROPPING_OLDEST -> {
                long count = dropped.incrementAndGet();
                // Once per 100 so a dead receiver under an alert storm does not flood the log.
                if (count % 100 == 1) {
                    LOG.warn(
                            "alert webhook {}: queue full, dropped the oldest transition ({} dropped so far)",
                            target.origin(),
                            count);
                }
            }
            case REFUSED -> {
                dropped.incrementAndGet();
                LOG.debug(
                        "alert webhook {}: closed, dropped {} {}",
                        target.origin(),
                        transition.kind(),
                        transition.alert().rule());
            }
        }
    }

    @Override
    public DeliveryStats stats() {
        return new DeliveryStats(delivered.get(), failed.get(), dropped.get());
    }

    /** Refuses further transitions; those queued are still delivered. */
    void stopAccepting() {
        queue.close();
    }

    /**
     * Waits until the queue is delivered or {@code deadlineNanos} ({@link System#nanoTime()}) passes,
     * then abandons the rest, counting them as dropped. Call after {@link #stopAccepting()}.
     */
    void awaitDrained(long deadlineNanos) {
        try {
            long remaining = deadlineNanos - System.nanoTime();
            if (remaining > 0) {
                TimeUnit.NANOSECONDS.timedJoin(worker, remaining);
            }
            if (worker.isAlive()) {
                worker.interrupt();
                worker.join(ABANDON_WAIT.toMillis());
            }
        } catch (InterruptedException e) {
            worker.interrupt();
            Thread.currentThread().interrupt();
        }
        List<AlertTransition> abandoned = queue.drain();
        if (!abandoned.isEmpty()) {
            dropped.addAndGet(abandoned.size());
            LOG.warn("alert webhook {}: closed with {} transition(s) undelivered", target.origin(), abandoned.size());
        }
    }

    /** {@link #stopAccepting()} then {@link #awaitDrained(long)} for at most {@code timeout}. */
    void close(Duration timeout) {
        stopAccepting();
        awaitDrained(System.nanoTime() + timeout.toNanos());
    }

    private void run() {
        try {
            for (AlertTransition t = queue.take(); t != null; t = queue.take()) {
                deliver(t);
            }
        } catch (InterruptedException e) {
            // close() gave up at its deadline and counts what is left
            Thread.currentThread().interrupt();
        }
    }

    private void deliver(AlertTransition transition) throws InterruptedException {
        RetryingPoster.Result result;
        try {
            result = poster.post(WebhookPayload.render(target.format(), transition, deployment));
        } catch (InterruptedException e) {
            dropped.incrementAndGet();
            throw e;
        } catch (RuntimeException e) {
            // A bug or an unusable request must cost this transition only, not the delivery thread.
            failed.incrementAndGet();
            LOG.error(
                    "alert webhook {}: cannot post {} {}",
                    target.origin(),
                    transition.kind(),
                    transition.alert().rule(),
                    e);
            return;
        }
        if (result.delivered()) {
            delivered.incrementAndGet();
        } else {
            failed.incrementAndGet();
            LOG.warn(
                    "alert webhook {}: gave up on {} {} on {} after {} attempt(s): {}",
                    target.origin(),
                    transition.kind(),
                    transition.alert().rule(),
                    transition.alert().target(),
                    result.attempts(),
                    result.problem());
        }
    }

    @Override
    public String toString() {
        return "webhook " + target.origin() + " (" + target.format().yamlName() + ")";
    }
}
