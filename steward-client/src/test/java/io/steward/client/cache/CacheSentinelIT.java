package io.steward.client.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.steward.HostAndPort;
import io.steward.client.StewardClient;
import io.steward.client.TopologyOptions;
import io.steward.provision.LocalTopology;
import io.steward.provision.TopologyMode;
import io.steward.test.RedisTopology;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@RedisTopology(mode = TopologyMode.SENTINEL)
class CacheSentinelIT {

    @Test
    void nearCacheServesNoStaleEntryAfterFailover(LocalTopology topology) {
        topology.awaitHealthy(Duration.ofSeconds(60));
        try (StewardClient client =
                        StewardClient.create(TopologyOptions.as(topology, "app").build());
                StewardCache writer = StewardCache.create(client);
                StewardCache reader = StewardCache.create(client)) {
            RegionOptions<String> options = RegionOptions.builder("sessions", ValueCodec.utf8())
                    .nearCache(1000, Duration.ofMinutes(10))
                    .build();
            Region<String> w = writer.region(options);
            Region<String> r = reader.region(options);
            w.put("s1", "before");
            client.commands().waitForReplication(2, 5000);
            assertThat(r.get("s1", k -> "loaded")).isEqualTo("before");
            long flushes = reader.stats().nearFlushes();
            HostAndPort oldMaster = client.currentMaster();

            topology.node(oldMaster).kill();
            // the write lands on the new master while the reader may still hold its old connection
            await("a write through the client on the new master")
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50))
                    .ignoreExceptions()
                    .until(() -> "OK".equals(client.commands().set("sessions:s1", "junk")));
            client.commands().del("sessions:s1");

            await("the reader switching and dropping its near cache")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> reader.stats().nearFlushes() > flushes);
            await("the reader answering from the new master")
                    .atMost(Duration.ofSeconds(30))
                    .ignoreExceptions()
                    .until(() -> "after".equals(r.get("s1", k -> "after")));
            w.put("s2", "written after failover");
            assertThat(r.get("s2", k -> "loaded")).isEqualTo("written after failover");
            w.put("s2", "changed");
            await().atMost(Duration.ofSeconds(5)).until(() -> "changed".equals(r.get("s2", k -> "loaded")));
        }
    }
}
