package io.steward.server.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.steward.monitor.alert.AlertTransition;
import io.steward.ops.config.AlertsConfig;
import io.steward.ops.config.AlertsConfig.Notifier.Format;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookNotifierTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);

    private WebhookReceiver receiver;
    private final List<Duration> pauses = new CopyOnWriteArrayList<>();
    private final List<WebhookNotifier> started = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = new WebhookReceiver();
    }

    @AfterEach
    void stop() {
        receiver.close();
        started.forEach(n -> n.close(Duration.ofSeconds(5)));
    }

    /** Backoff as in production (250 ms doubling) but recorded instead of slept. */
    private WebhookNotifier start(AlertsConfig.Notifier target, int queueCapacity) {
        WebhookNotifier notifier = WebhookNotifier.start(
                target,
                "local",
                new WebhookNotifier.Tuning(queueCapacity, Duration.ofMillis(250), Duration.ofSeconds(30), pauses::add));
        started.add(notifier);
        return notifier;
    }

    private WebhookNotifier start(Format format, Duration timeout, int retries) {
        return start(new AlertsConfig.Notifier(receiver.uri("/hook"), format, timeout, retries), 1000);
    }

    private static JsonNode json(WebhookReceiver.Request request) throws IOException {
        return JSON.readTree(request.body());
    }

    @Test
    void postsJsonDocumentWithEveryFieldOfTheTransition() throws IOException {
        WebhookNotifier notifier = start(Format.JSON, Duration.ofSeconds(5), 3);

        notifier.notify(Transitions.firing("instance-down", "127.0.0.1:6379"));
        notifier.notify(Transitions.of(AlertTransition.Kind.RESOLVED, "instance-down", "127.0.0.1:6379", "back"));

        await().atMost(WAIT).until(() -> notifier.stats().delivered() == 2);
        List<WebhookReceiver.Request> requests = receiver.requests();
        assertThat(requests).extracting(WebhookReceiver.Request::method).containsOnly("POST");
        assertThat(requests.get(0).contentType()).isEqualTo("application/json; charset=utf-8");
        assertThat(json(requests.get(0)))
                .isEqualTo(
                        JSON.readTree(
                                """
                        {"status": "firing", "kind": "FIRING", "rule": "instance-down", "target": "127.0.0.1:6379",
                         "severity": "critical", "summary": "127.0.0.1:6379 is down",
                         "since": "2025-01-02T03:04:05Z", "at": "2025-01-02T03:05:05Z", "deployment": "local"}
                        """));
        assertThat(json(requests.get(1)).get("status").asText()).isEqualTo("resolved");
        assertThat(json(requests.get(1)).get("kind").asText()).isEqualTo("RESOLVED");
        assertThat(notifier.stats()).isEqualTo(new DeliveryStats(2, 0, 0));
    }

    @Test
    void postsSlackTextWhenFormatIsSlack() throws IOException {
        WebhookNotifier notifier = start(Format.SLACK, Duration.ofSeconds(5), 3);

        notifier.notify(Transitions.of(AlertTransition.Kind.REPEAT, "memory-critical", "10.0.0.1:6379", "uses 0.97"));

        await().atMost(WAIT).until(() -> notifier.stats().delivered() == 1);
        assertThat(json(receiver.requests().get(0)))
                .isEqualTo(JSON.createObjectNode()
                        .put("text", "[REPEAT critical] memory-critical on 10.0.0.1:6379 \u2014 uses 0.97"));
    }

    @Test
    void skipsPendingTransitions() {
        WebhookNotifier notifier = start(Format.JSON, Duration.ofSeconds(5), 3);

        notifier.notify(Transitions.of(AlertTransition.Kind.PENDING, "memory-high", "n:1", "rising"));
        notifier.notify(Transitions.firing("instance-down", "n:1"));

        await().atMost(WAIT).until(() -> notifier.stats().delivered() == 1);
        assertThat(receiver.requests()).hasSize(1);
        assertThat(notifier.stats()).isEqualTo(new DeliveryStats(1, 0, 0));
    }

    @Test
    void retriesServerErrorsWithExponentialBackoffUntilDelivered() {
        receiver.answer(500, 503);
        WebhookNotifier notifier = start(Format.JSON, Duration.ofSeconds(5), 3);

        notifier.notify(Transitions.firing("instance-down", "n:1"));

        await().atMost(WAIT).until(() -> notifier.stats().delivered() == 1);
        assertThat(receiver.requests()).hasSize(3);
        assertThat(pauses).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500));
        assertThat(notifier.stats()).isEqualTo(new DeliveryStats(1, 0, 0));
    }

    @Test
    void retriesTooManyRequests() {
        receiver.answer(429);
        WebhookNotifier notifier = start(Format.JSON, Duration.ofSeconds(5), 1);

        notifier.notify(Transitions.firing("instance-down", "n:1"));

        await().atMost(WAIT).until(() -> notifier.stats().delivered() == 1);
        assertThat(receiver.requests()).hasSize(2);
    }

    @Test
    void failsWithoutRetryingWhenReceiverRejectsTheRequest() {
        receiver.answer(400);
        WebhookNotifier notifier = start(Format.JSON, Duration.ofSeconds(5), 3);

        notifier.notify(Transitions.firing("instance-down", "n:1"));

        await().atMost(WAIT).until(() -> notifier.stats().failed() == 1);
        assertThat(receiver.requests()).hasSize(1);
        assertThat(pauses).isEmpty();
        assertThat(notifier.stats()).isEqualTo(new DeliveryStats(0, 1, 0));
    }

    @Test
    void failsAfterLastRetryWhenReceiverKeepsFailing() {
        receiver.answer(500, 500, 500);
        WebhookNotifier notifier = start(Format.JSON, Duration.ofSeconds(5), 2);

        notifier.notify(Transitions.firing("instance-down", "n:1"));

        await().atMost(WAIT).until(() -> notifier.stats().failed() == 1);
        assertThat(receiver.requests()).hasSize(3);
        assertThat(pauses).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500));
    }

    @Test
    void timesOutAndRetriesWhenReceiverNeverAnswers() {
        receiver.hang();
        WebhookNotifier notifier = start(Format.JSON, Duration.ofMillis(200), 1);

        notifier.notify(Transitions.firing("instance-down", "n:1"));

        await().atMost(WAIT).until(() -> notifier.stats().failed() == 1);
        // One pause means one retry; the receiver may not have read the retry before it timed out.
        assertThat(pauses).containsExactly(Duration.ofMillis(250));
        assertThat(receiver.requests()).isNotEmpty();
        assertThat(notifier.stats()).isEqualTo(new DeliveryStats(0, 1, 0));
    }

    @Test
    void retriesConnectionErrors() throws IOException {
        URI closedPort;
        try (WebhookReceiver gone = new WebhookReceiver()) {
            closedPort = gone.uri("/hook");
        }
        WebhookNotifier notifier =
                start(new AlertsConfig.Notifier(closedPort, Format.JSON, Duration.ofSeconds(2), 2), 1000);

        notifier.notify(Transitions.firing("instance-down", "n:1"));

        await().atMost(WAIT).until(() -> notifier.stats().failed() == 1);
        assertThat(pauses).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500));
    }

    @Test
    void dropsOldestAndCountsWhenQueueIsFull() {
        receiver.hang();
        WebhookNotifier notifier =
                start(new AlertsConfig.Notifier(receiver.uri("/hook"), Format.JSON, Duration.ofSeconds(30), 0), 2);
        notifier.notify(Transitions.firing("rule-1", "n:1"));
        await().atMost(WAIT).until(() -> receiver.requests().size() == 1);

        for (int i = 2; i <= 5; i++) {
            notifier.notify(Transitions.firing("rule-" + i, "n:1"));
        }
        assertThat(notifier.stats().dropped()).isEqualTo(2);
        receiver.release();

        await().atMost(WAIT).until(() -> notifier.stats().delivered() == 3);
        assertThat(receiver.requests())
                .extracting(r -> json(r).get("rule").asText())
                .containsExactly("rule-1", "rule-4", "rule-5");
        assertThat(notifier.stats()).isEqualTo(new DeliveryStats(3, 0, 2));
    }

    @Test
    void closeDeliversWhatIsQueued() {
        WebhookNotifier notifier = start(Format.JSON, Duration.ofSeconds(5), 0);
        for (int i = 1; i <= 20; i++) {
            notifier.notify(Transitions.firing("rule-" + i, "n:1"));
        }

        notifier.close(Duration.ofSeconds(10));

        assertThat(receiver.requests()).hasSize(20);
        assertThat(notifier.stats()).isEqualTo(new DeliveryStats(20, 0, 0));
    }

    @Test
    void closeGivesUpAtTheDeadlineAndCountsTheRestAsDropped() {
        receiver.hang();
        WebhookNotifier notifier = start(Format.JSON, Duration.ofSeconds(30), 0);
        notifier.notify(Transitions.firing("rule-1", "n:1"));
        await().atMost(WAIT).until(() -> receiver.requests().size() == 1);
        notifier.notify(Transitions.firing("rule-2", "n:1"));
        notifier.notify(Transitions.firing("rule-3", "n:1"));

        long start = System.nanoTime();
        notifier.close(Duration.ofMillis(300));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(notifier.stats()).isEqualTo(new DeliveryStats(0, 0, 3));
    }

    @Test
    void countsTransitionsHandedOverAfterCloseAsDropped() {
        WebhookNotifier notifier = start(Format.JSON, Duration.ofSeconds(5), 0);
        notifier.close(Duration.ofSeconds(1));

        notifier.notify(Transitions.firing("instance-down", "n:1"));

        assertThat(notifier.stats()).isEqualTo(new DeliveryStats(0, 0, 1));
        assertThat(receiver.requests()).isEmpty();
    }

    @Test
    void showsOnlyTheWebhookOriginInToString() {
        WebhookNotifier notifier =
                start(AlertsConfig.Notifier.of(URI.create("http://127.0.0.1:9/services/T0/B0/s3cret")), 1000);

        assertThat(notifier.toString()).isEqualTo("webhook http://127.0.0.1:9 (json)");
    }
}
