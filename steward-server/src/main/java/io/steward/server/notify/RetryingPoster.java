package io.steward.server.notify;

import io.steward.ops.config.AlertsConfig;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts a body to one webhook, retrying with exponential backoff ({@code base × 2^n}, capped) on
 * connection errors, timeouts, 5xx and 429. Other answers are final: 2xx delivers, any other status
 * (4xx, or a redirect, which is not followed) fails at once because sending again would not help.
 * Used by one thread at a time.
 */
final class RetryingPoster {

    private static final Logger LOG = LoggerFactory.getLogger(RetryingPoster.class);
    private static final int MAX_PROBLEM_BODY = 200;

    /** Waits between attempts; tests substitute one that records instead of sleeping. */
    @FunctionalInterface
    interface Pause {
        Pause SLEEP = d -> TimeUnit.NANOSECONDS.sleep(d.toNanos());

        void pause(Duration duration) throws InterruptedException;
    }

    /**
     * @param delivered whether the receiver answered 2xx
     * @param attempts  requests sent
     * @param problem   why the last attempt failed; {@code null} when delivered
     */
    record Result(boolean delivered, int attempts, String problem) {}

    private record Attempt(boolean delivered, boolean retryable, String problem) {}

    private final AlertsConfig.Notifier target;
    private final HttpClient client;
    private final Duration retryBase;
    private final Duration retryCap;
    private final Pause pause;

    RetryingPoster(AlertsConfig.Notifier target, Duration retryBase, Duration retryCap, Pause pause) {
        this.target = target;
        this.retryBase = retryBase;
        this.retryCap = retryCap;
        this.pause = pause;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(target.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Posts {@code json}, retrying up to the target's {@code retries}.
     *
     * @throws InterruptedException if interrupted while posting or pausing; nothing more is sent
     */
    Result post(String json) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(target.webhook())
                .timeout(target.timeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "steward")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .build();
        for (int attempts = 1; ; attempts++) {
            Attempt attempt = attempt(request);
            if (attempt.delivered()) {
                return new Result(true, attempts, null);
            }
            if (!attempt.retryable() || attempts > target.retries()) {
                return new Result(false, attempts, attempt.problem());
            }
            Duration wait = backoff(attempts - 1);
            LOG.debug(
                    "alert webhook {}: attempt {} failed ({}), retrying in {}",
                    target.origin(),
                    attempts,
                    attempt.problem(),
                    wait);
            pause.pause(wait);
        }
    }

    /** The wait after the {@code n}-th (0-based) failed attempt. */
    Duration backoff(int n) {
        Duration wait = retryBase.multipliedBy(1L << Math.min(n, 20));
        return wait.compareTo(retryCap) > 0 ? retryCap : wait;
    }

    private Attempt attempt(HttpRequest request) throws InterruptedException {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return new Attempt(true, false, null);
            }
            return new Attempt(false, status == 429 || status >= 500, "HTTP " + status + answer(response.body()));
        } catch (HttpTimeoutException e) {
            return new Attempt(
                    false, true, "no answer within " + target.timeout().toMillis() + " ms");
        } catch (IOException e) {
            return new Attempt(
                    false, true, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    /** The start of the receiver's answer (Slack says why in it, such as {@code invalid_payload}). */
    private static String answer(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String oneLine = body.strip().replaceAll("\\s+", " ");
        return " " + (oneLine.length() > MAX_PROBLEM_BODY ? oneLine.substring(0, MAX_PROBLEM_BODY) + "..." : oneLine);
    }
}
