package io.steward.server.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.steward.monitor.alert.AlertTransition;
import io.steward.ops.config.AlertsConfig;
import io.steward.ops.config.AlertsConfig.Notifier.Format;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NotifiersTest {

    private static final WebhookNotifier.Tuning FAST =
            new WebhookNotifier.Tuning(1000, Duration.ofMillis(1), Duration.ofMillis(1), d -> {});

    @Test
    void buildsLogNotifierAndOneWebhookPerNotifyEntry() throws IOException {
        try (WebhookReceiver a = new WebhookReceiver();
                WebhookReceiver b = new WebhookReceiver()) {
            AlertsConfig alerts = AlertsConfig.builder()
                    .notifier(AlertsConfig.Notifier.of(a.uri("/a")))
                    .notifier(new AlertsConfig.Notifier(b.uri("/b"), Format.SLACK, Duration.ofSeconds(5), 0))
                    .build();
            Notifiers notifiers = Notifiers.create("prod", alerts, FAST, Duration.ofSeconds(10));

            notifiers.fanOut().notify(Transitions.firing("instance-down", "n:1"));
            notifiers.close();

            assertThat(notifiers.all())
                    .extracting(Object::toString)
                    .containsExactly("log", "webhook " + a.uri("") + " (json)", "webhook " + b.uri("") + " (slack)");
            assertThat(a.requests()).singleElement().satisfies(r -> assertThat(r.body())
                    .contains("\"deployment\":\"prod\""));
            assertThat(b.requests()).singleElement().satisfies(r -> assertThat(r.body())
                    .startsWith("{\"text\":"));
            assertThat(notifiers.stats()).isEqualTo(new DeliveryStats(3, 0, 0));
        }
    }

    @Test
    void logsOnlyWhenNoWebhookIsConfigured() {
        try (Notifiers notifiers = Notifiers.create("prod", AlertsConfig.DEFAULT)) {
            notifiers.fanOut().notify(Transitions.firing("instance-down", "n:1"));

            assertThat(notifiers.all()).extracting(Object::toString).containsExactly("log");
            assertThat(notifiers.stats()).isEqualTo(new DeliveryStats(1, 0, 0));
        }
    }

    @Test
    void fanOutKeepsDeliveringWhenOneNotifierThrows() {
        List<AlertTransition> seen = new ArrayList<>();
        AlertNotifier broken = new AlertNotifier() {
            @Override
            public void notify(AlertTransition transition) {
                throw new IllegalStateException("broken");
            }

            @Override
            public DeliveryStats stats() {
                return DeliveryStats.ZERO;
            }
        };
        AlertNotifier recording = new AlertNotifier() {
            @Override
            public void notify(AlertTransition transition) {
                seen.add(transition);
            }

            @Override
            public DeliveryStats stats() {
                return new DeliveryStats(seen.size(), 0, 0);
            }
        };
        FanOutNotifier fanOut = new FanOutNotifier(List.of(broken, recording));
        AlertTransition firing = Transitions.firing("instance-down", "n:1");

        fanOut.notify(firing);

        assertThat(seen).containsExactly(firing);
        assertThat(fanOut.stats()).isEqualTo(new DeliveryStats(1, 1, 0));
    }

    @Test
    void closeDrainsEveryWebhookWithinOneDeadline() throws IOException {
        try (WebhookReceiver a = new WebhookReceiver();
                WebhookReceiver b = new WebhookReceiver()) {
            a.hang();
            b.hang();
            AlertsConfig alerts = AlertsConfig.builder()
                    .notifier(new AlertsConfig.Notifier(a.uri("/a"), Format.JSON, Duration.ofSeconds(30), 0))
                    .notifier(new AlertsConfig.Notifier(b.uri("/b"), Format.JSON, Duration.ofSeconds(30), 0))
                    .build();
            Notifiers notifiers = Notifiers.create("prod", alerts, FAST, Duration.ofMillis(500));
            notifiers.fanOut().notify(Transitions.firing("instance-down", "n:1"));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> a.requests().size() == 1 && b.requests().size() == 1);

            long start = System.nanoTime();
            notifiers.close();

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
            assertThat(notifiers.stats()).isEqualTo(new DeliveryStats(1, 0, 2));
        }
    }
}
