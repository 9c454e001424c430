package io.steward.client.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.steward.HostAndPort;
import io.steward.client.StewardClient;
import io.steward.client.TopologyOptions;
import io.steward.provision.LocalTopology;
import io.steward.provision.TopologyMode;
import io.steward.test.RedisTopology;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

@RedisTopology(mode = TopologyMode.SENTINEL)
class RateLimiterSentinelIT {

    @Test
    void replicatedPermitsStayConsumedAfterAFailover(LocalTopology topology) {
        topology.awaitHealthy(Duration.ofSeconds(60));
        try (StewardClient client =
                StewardClient.create(TopologyOptions.as(topology, "app").build())) {
            RateLimiter limiter = RateLimiter.create(
                    client,
                    "sentinel",
                    List.of(
                            RateLimit.slidingWindow("window", 5, Duration.ofMinutes(5)),
                            RateLimit.gcra("spacing", 100, Duration.ofMinutes(5))
                                    .withBurst(5)));
            for (int i = 0; i < 5; i++) {
                assertThat(limiter.tryAcquire("alice").allowed()).isTrue();
            }
            Decision before = limiter.tryAcquire("alice");
            assertThat(before.allowed()).isFalse();
            assertThat(client.commands().waitForReplication(2, 5000)).isEqualTo(2);
            HostAndPort oldMaster = client.currentMaster();

            topology.node(oldMaster).kill();

            AtomicReference<Decision> after = new AtomicReference<>();
            await("a decision from the new master")
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100))
                    .ignoreExceptions()
                    .until(() -> {
                        after.set(limiter.tryAcquire("alice"));
                        return !client.currentMaster().equals(oldMaster);
                    });
            assertThat(after.get().allowed())
                    .as("the five permits were replicated")
                    .isFalse();
            assertThat(after.get().limitedBy()).isEqualTo("window");
            assertThat(limiter.tryAcquire("bob").allowed()).isTrue();
        }
    }
}
