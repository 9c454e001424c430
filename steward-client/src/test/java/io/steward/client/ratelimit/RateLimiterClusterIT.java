package io.steward.client.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.cluster.SlotHash;
import io.steward.client.StewardClient;
import io.steward.client.TopologyOptions;
import io.steward.provision.LocalTopology;
import io.steward.provision.TopologyMode;
import io.steward.test.RedisTopology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

@RedisTopology(mode = TopologyMode.CLUSTER)
class RateLimiterClusterIT {

    @Test
    void limitsEveryIdentityOnItsOwnSlotWithBothAlgorithmsAtOnce(LocalTopology topology) {
        topology.awaitHealthy(Duration.ofSeconds(60));
        List<String> identities =
                IntStream.range(0, 12).mapToObj(i -> "user-" + i).toList();
        assertThat(identities.stream()
                        .map(id -> SlotHash.getSlot("rl:cluster:{" + id + "}:window") / 5462)
                        .distinct())
                .as("identities fall in the slot ranges of different masters")
                .hasSizeGreaterThan(1);

        try (StewardClient client =
                StewardClient.create(TopologyOptions.as(topology, "app").build())) {
            RateLimiter limiter = RateLimiter.create(
                    client,
                    "cluster",
                    List.of(
                            RateLimit.slidingWindow("window", 4, Duration.ofMinutes(1)),
                            RateLimit.gcra("spacing", 10, Duration.ofMinutes(1)).withBurst(3)));

            for (String identity : identities) {
                List<Decision> decisions = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    decisions.add(limiter.tryAcquire(identity));
                }

                assertThat(decisions.subList(0, 3)).as(identity).allMatch(Decision::allowed);
                assertThat(decisions.subList(0, 3))
                        .extracting(Decision::remaining)
                        .containsExactly(2L, 1L, 0L);
                Decision fourth = decisions.get(3);
                assertThat(fourth.allowed()).as(identity).isFalse();
                assertThat(fourth.limitedBy()).isEqualTo("spacing");
                assertThat(client.cluster()
                                .exists(
                                        "rl:cluster:{" + identity + "}:window",
                                        "rl:cluster:{" + identity + "}:spacing"))
                        .isEqualTo(2);
            }
            assertThat(limiter.stats()).isEqualTo(new RateLimiterStats(36, 12, 0));
        }
    }
}
