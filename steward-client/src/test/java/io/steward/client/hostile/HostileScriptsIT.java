package io.steward.client.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.steward.client.StewardClient;
import io.steward.client.TopologyOptions;
import io.steward.client.lock.HeldLock;
import io.steward.client.lock.StewardLocks;
import io.steward.client.ratelimit.RateLimit;
import io.steward.client.ratelimit.RateLimiter;
import io.steward.client.token.CodeOptions;
import io.steward.client.token.IssuedCode;
import io.steward.client.token.OneTimeCodes;
import io.steward.client.token.OneTimeTokens;
import io.steward.client.token.TokenOptions;
import io.steward.client.token.VerifyResult;
import io.steward.provision.LocalTopology;
import io.steward.provision.TopologyMode;
import io.steward.test.RedisTopology;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hostile probes: scripts flushed from the server's cache, a broken injected random source. */
@RedisTopology(mode = TopologyMode.STANDALONE)
class HostileScriptsIT {

    private static final byte[] SECRET = new SecureRandom().generateSeed(32);

    private StewardClient app;
    private StewardClient admin;

    @BeforeEach
    void connect(LocalTopology topology) {
        app = StewardClient.create(TopologyOptions.as(topology, "app").build());
        admin = StewardClient.create(TopologyOptions.as(topology, "admin").build());
    }

    @AfterEach
    void close() {
        app.close();
        admin.close();
    }

    /** SCRIPT FLUSH (or a restarted / failed-over server without the scripts) must not break anything: NOSCRIPT falls back. */
    @Test
    void everythingSurvivesAScriptFlush() throws Exception {
        RateLimiter limiter =
                RateLimiter.create(app, "flush", List.of(RateLimit.gcra("g", 100, Duration.ofSeconds(1))));
        OneTimeCodes codes = OneTimeCodes.create(
                app, CodeOptions.builder(SECRET).keyPrefix("flush:").build());
        OneTimeTokens tokens = OneTimeTokens.create(
                app, TokenOptions.builder(SECRET).keyPrefix("flushtok:").build());
        try (StewardLocks locks = StewardLocks.create(app)) {
            assertThat(limiter.tryAcquire("a").allowed()).isTrue();
            HeldLock first = locks.tryLock("flush", Duration.ofMillis(600), Duration.ZERO)
                    .orElseThrow();
            String code = codes.issue("a", "p").code();
            String token = tokens.issue("a", "p");

            admin.commands().scriptFlush();

            assertThat(limiter.tryAcquire("b").allowed()).isTrue();
            long renewals = locks.stats().renewals();
            // renewals (every 200 ms) run through the flushed script cache
            await().atMost(Duration.ofSeconds(5)).until(() -> locks.stats().renewals() >= renewals + 3);
            assertThat(first.isHeld()).isTrue();
            assertThat(first.release()).isTrue();
            HeldLock second =
                    locks.tryLock("flush", Duration.ofSeconds(5), Duration.ZERO).orElseThrow();
            assertThat(second.release()).isTrue();
            assertThat(codes.verify("a", "p", code).result()).isEqualTo(VerifyResult.VALID);
            assertThat(tokens.verify("p", token).result()).isEqualTo(VerifyResult.VALID);
            assertThat(codes.issue("b", "p").issued()).isTrue();
        }
    }

    /**
     * An injected random source that is broken (always the same bytes, as a careless test double would be): issuing
     * must not spin forever in rejection sampling.
     */
    @Test
    void aStuckRandomSourceDoesNotHangIssue() throws Exception {
        SecureRandom stuck = new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                Arrays.fill(bytes, (byte) 0xFF);
            }

            @Override
            public int nextInt() {
                return -1;
            }

            @Override
            public int nextInt(int bound) {
                return bound - 1;
            }

            @Override
            public long nextLong() {
                return -1L;
            }
        };
        OneTimeCodes codes = OneTimeCodes.create(
                app,
                CodeOptions.builder(SECRET).keyPrefix("stuck:").random(stuck).build());
        CompletableFuture<Object> issue = CompletableFuture.supplyAsync(() -> {
            try {
                IssuedCode c = codes.issue("a", "p");
                return c.code();
            } catch (Throwable t) {
                return t;
            }
        });
        Object outcome;
        try {
            outcome = issue.get(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            outcome = "hung for 10 s";
        }
        System.out.println("HOSTILE stuck random: " + outcome);
        assertThat(outcome).as("issue with a stuck random source").isNotEqualTo("hung for 10 s");
    }
}
