package io.steward.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import io.steward.HostAndPort;
import io.steward.provision.LocalNode;
import io.steward.provision.LocalTopology;
import io.steward.provision.TopologyMode;
import io.steward.test.RedisTopology;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

@RedisTopology(mode = TopologyMode.SENTINEL)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SentinelFailoverIT {

    @Test
    @Order(1)
    void shouldConnectToMasterNamedBySentinelsWhenCreated(LocalTopology topology) {
        try (StewardClient client =
                StewardClient.create(TopologyOptions.as(topology, "app").build())) {
            client.commands().set("sentinel:greeting", "hello");

            assertThat(client.currentMaster()).isEqualTo(topology.master());
            assertThat(client.commands().get("sentinel:greeting")).isEqualTo("hello");
        }
    }

    @Test
    @Order(2)
    void shouldAskSentinelAsAppWhenConnectingToSentinel(LocalTopology topology) {
        try (StewardClient client =
                        StewardClient.create(TopologyOptions.as(topology, "app").build());
                StatefulRedisSentinelConnection<String, String> sentinel =
                        client.connectSentinel(topology.sentinels().get(0).endpoint())) {
            InetSocketAddress master = (InetSocketAddress) sentinel.sync().getMasterAddrByName(topology.masterName());

            assertThat(HostAndPort.of(master.getHostString(), master.getPort())).isEqualTo(topology.master());
        }
    }

    @Test
    @Order(3)
    void shouldResumeWritesOnNewMasterWhenMasterIsKilled(LocalTopology topology) {
        topology.awaitHealthy(Duration.ofSeconds(60));
        try (StewardClient client =
                StewardClient.create(TopologyOptions.as(topology, "app").build())) {
            RedisCommands<String, String> redis = client.commands();
            redis.set("failover:before", "written before the kill");
            HostAndPort oldMaster = client.currentMaster();
            LocalNode master = topology.node(oldMaster);

            master.kill();

            await("a write through the reference taken before the kill")
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50))
                    .ignoreExceptions()
                    .until(() -> "OK".equals(redis.set("failover:after", "written after the kill")));
            assertThat(client.currentMaster()).isNotEqualTo(oldMaster);
            // topology.master() throws while the Sentinels disagree; the others learn the new master
            // about 2 s after the first +switch-master.
            await("all Sentinels naming the master the client writes to")
                    .atMost(Duration.ofSeconds(30))
                    .ignoreExceptions()
                    .until(() -> topology.master().equals(client.currentMaster()));
            assertThat(redis.get("failover:after")).isEqualTo("written after the kill");
        }
    }
}
