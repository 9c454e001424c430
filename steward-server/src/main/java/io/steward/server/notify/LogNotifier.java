package io.steward.server.notify;

import io.steward.monitor.alert.Alert;
import io.steward.monitor.alert.AlertTransition;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs one line per transition: firing and repeats at WARN, resolutions at INFO. */
final class LogNotifier implements AlertNotifier {

    private static final Logger LOG = LoggerFactory.getLogger(LogNotifier.class);

    private final AtomicLong delivered = new AtomicLong();

    @Override
    public void notify(AlertTransition transition) {
        if (!transition.kind().notifies()) {
            return;
        }
        String line = line(transition);
        if (transition.kind() == AlertTransition.Kind.RESOLVED) {
            LOG.info(line);
        } else {
            LOG.warn(line);
        }
        delivered.incrementAndGet();
    }

    /**
     * The logged line, such as {@code alert FIRING instance-down on 127.0.0.1:6379 (critical, firing):
     * 127.0.0.1:6379 is down}; line breaks in the summary become spaces so one transition is one line.
     */
    static String line(AlertTransition transition) {
        Alert alert = transition.alert();
        return "alert " + transition.kind() + " " + alert.rule() + " on " + alert.target() + " ("
                + lower(alert.severity()) + ", " + lower(alert.state()) + "): "
                + alert.summary().replaceAll("[\\r\\n]+", " ");
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public DeliveryStats stats() {
        return new DeliveryStats(delivered.get(), 0, 0);
    }

    @Override
    public String toString() {
        return "log";
    }
}
