package io.steward.client.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.steward.client.StewardClient;
import io.steward.client.TopologyOptions;
import io.steward.client.lock.HeldLock;
import io.steward.client.lock.StewardLocks;
import io.steward.client.ratelimit.RateLimit;
import io.steward.client.ratelimit.RateLimiter;
import io.steward.provision.LocalTopology;
import io.steward.provision.TopologyMode;
import io.steward.test.RedisTopology;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hostile probes on a Cluster. Found by a hostile-user review of issue 15; each defect it showed is fixed and kept here as a regression test. */
@RedisTopology(mode = TopologyMode.CLUSTER)
class HostileClusterIT {

    /**
     * DEFECT probe: a lock name that starts with '}' (or is "}") gives keys "lock:{}x}" and "lock:{}x}:fence" whose
     * hash tag is empty, so Redis hashes the whole key and the script's keys land in different slots. The docs say
     * "the name is the hash tag", names are not restricted, and the rate limiter escapes braces for the same reason.
     */
    @Test
    void lockNamesWithALeadingClosingBraceWorkOnACluster(LocalTopology topology) throws Exception {
        topology.awaitHealthy(Duration.ofSeconds(60));
        try (StewardClient client =
                        StewardClient.create(TopologyOptions.as(topology, "app").build());
                StewardLocks locks = StewardLocks.create(client)) {
            for (String name : List.of("plain", "a}b", "{x}", "}x", "}")) {
                Throwable thrown = null;
                try {
                    HeldLock held = locks.tryLock(name, Duration.ofSeconds(5), Duration.ZERO)
                            .orElseThrow();
                    held.release();
                } catch (Throwable t) {
                    thrown = t;
                }
                assertThat(thrown).as("lock name [%s]", name).isNull();
            }
        }
    }

    @Test
    void rateLimiterIdentitiesWithBracesWorkOnACluster(LocalTopology topology) {
        topology.awaitHealthy(Duration.ofSeconds(60));
        try (StewardClient client =
                StewardClient.create(TopologyOptions.as(topology, "app").build())) {
            RateLimiter limiter = RateLimiter.create(
                    client,
                    "hc",
                    List.of(
                            RateLimit.slidingWindow("a", 1, Duration.ofMinutes(1)),
                            RateLimit.gcra("b", 1, Duration.ofMinutes(1))));
            for (String id : List.of("}", "}x", "{", "{}", "a}b{c", "\\")) {
                assertThat(limiter.tryAcquire(id).allowed()).as(id).isTrue();
                assertThat(limiter.tryAcquire(id).allowed()).as(id).isFalse();
            }
        }
    }
}
