package io.steward.ha.sentinel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import io.steward.HostAndPort;
import io.steward.client.StewardClient;
import io.steward.provision.LocalTopology;
import io.steward.provision.TopologyMode;
import io.steward.test.RedisTopology;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** {@link SentinelEventStream} against a real Sentinel whose ACL refuses, then allows again, the channel. */
@RedisTopology(mode = TopologyMode.SENTINEL)
class SentinelEventStreamIT {

    /** Published by SENTINEL SET, which the test can cause at will (Sentinels refuse PUBLISH). */
    private static final String CHANNEL = "+set";

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void shouldSubscribeAgainOnTheNextRoundAfterLettucesResubscribeWasRefused(LocalTopology topology) {
        HostAndPort sentinel = topology.sentinels().get(0).endpoint();
        List<SentinelEvent> received = new CopyOnWriteArrayList<>();
        try (StewardClient client = SentinelConfigs.clientFor(SentinelConfigs.configFor(topology));
                StatefulRedisPubSubConnection<String, String> admin = client.connectSentinelPubSub(sentinel);
                StatefulRedisSentinelConnection<String, String> control = client.connectSentinel(sentinel);
                SentinelEventStream stream = SentinelEventStream.open(
                        client, List.of(sentinel), List.of(CHANNEL), received::add, Clock.systemUTC())) {
            RedisCommands<String, String> commands = admin.sync();
            assertThat(stream.subscribed()).containsExactly(sentinel);
            try {
                // Redis disconnects the subscriber; Lettuce reconnects and its resubscribe is refused
                aclSetuser(commands, "resetchannels");
                await().atMost(WAIT).until(() -> commands.clientList()
                        .lines()
                        .anyMatch(
                                l -> l.contains("user=admin") && l.contains("cmd=subscribe") && l.contains(" sub=0")));
            } finally {
                aclSetuser(commands, "allchannels");
            }

            stream.subscribeMissing();

            String master = topology.masterName();
            String downAfter = control.sync().master(master).get("down-after-milliseconds");
            control.sync().set(master, "down-after-milliseconds", downAfter); // unchanged, but announced
            await().atMost(WAIT)
                    .until(() -> received.stream().anyMatch(e -> e.type().equals(CHANNEL)));
            assertThat(stream.subscribed()).containsExactly(sentinel);
        }
    }

    private static void aclSetuser(RedisCommands<String, String> commands, String rule) {
        commands.dispatch(
                CommandType.ACL,
                new StatusOutput<>(StringCodec.UTF8),
                new CommandArgs<>(StringCodec.UTF8).add("SETUSER").add("admin").add(rule));
    }
}
