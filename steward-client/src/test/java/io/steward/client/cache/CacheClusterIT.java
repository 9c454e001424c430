package io.steward.client.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.steward.client.StewardClient;
import io.steward.client.TopologyOptions;
import io.steward.provision.LocalTopology;
import io.steward.provision.TopologyMode;
import io.steward.test.RedisTopology;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

@RedisTopology(mode = TopologyMode.CLUSTER)
class CacheClusterIT {

    @Test
    void instancesSeeEachOthersWritesAndTagsAcrossSlots(LocalTopology topology) {
        try (StewardClient client =
                        StewardClient.create(TopologyOptions.as(topology, "app").build());
                StewardCache first = StewardCache.create(client);
                StewardCache second = StewardCache.create(client)) {
            RegionOptions<String> options = RegionOptions.builder("catalog", ValueCodec.utf8())
                    .nearCache(1000, Duration.ofMinutes(10))
                    .build();
            Region<String> a = first.region(options);
            Region<String> b = second.region(options);
            for (int i = 0; i < 20; i++) { // keys spread over all three masters
                a.put("item" + i, "v1", "all");
                assertThat(b.get("item" + i, k -> "loaded")).isEqualTo("v1");
            }
            for (int i = 0; i < 20; i++) {
                a.put("item" + i, "v2", "all");
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                for (int i = 0; i < 20; i++) {
                    if (!"v2".equals(b.get("item" + i, k -> "loaded"))) {
                        return false;
                    }
                }
                return true;
            });
            a.invalidateTag("all");
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> b.getIfPresent("item7").isEmpty());

            Region<String> tenants = first.region(RegionOptions.builder("carts", ValueCodec.utf8())
                    .perTenant(true)
                    .build());
            AtomicInteger loads = new AtomicInteger();
            assertThat(tenants.tenant("acme").get("cart", k -> "loaded " + loads.incrementAndGet()))
                    .isEqualTo("loaded 1");
            assertThat(tenants.tenant("acme").get("cart", k -> "loaded " + loads.incrementAndGet()))
                    .isEqualTo("loaded 1");
        }
    }
}
