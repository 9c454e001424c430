package io.steward.client.ratelimit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.steward.HostAndPort;
import io.steward.client.ClientOptions;
import io.steward.client.Mode;
import io.steward.client.StewardClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What {@link RateLimiter#create} refuses before it talks to Redis. */
class RateLimiterTest {

    private final StewardClient client = StewardClient.createForNodes(ClientOptions.builder()
            .mode(Mode.STANDALONE)
            .endpoints(HostAndPort.of("127.0.0.1", 1))
            .build());
    private final List<RateLimit> limits = List.of(RateLimit.gcra("per-second", 10, Duration.ofSeconds(1)));

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void namespaceMustBeNonBlankWithoutBraces() {
        assertThatThrownBy(() -> RateLimiter.create(client, "", limits))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("namespace");
        assertThatThrownBy(() -> RateLimiter.create(client, "{login}", limits))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("namespace");
    }

    @Test
    void atLeastOneLimitIsNeeded() {
        assertThatThrownBy(() -> RateLimiter.create(client, "login", List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limits");
    }

    @Test
    void tooManyLimitsAreRefused() {
        List<RateLimit> many = new ArrayList<>();
        for (int i = 0; i <= RateLimiter.MAX_LIMITS; i++) {
            many.add(RateLimit.gcra("l" + i, 10, Duration.ofSeconds(1)));
        }
        assertThatThrownBy(() -> RateLimiter.create(client, "login", many))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limits");
    }

    @Test
    void limitNamesMustBeDistinctBecauseTheyNameKeys() {
        List<RateLimit> twice = List.of(
                RateLimit.gcra("same", 10, Duration.ofSeconds(1)),
                RateLimit.slidingWindow("same", 100, Duration.ofDays(1)));
        assertThatThrownBy(() -> RateLimiter.create(client, "login", twice))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("same");
    }
}
