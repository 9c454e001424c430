package io.steward.ha.sentinel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
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

    private static final String CHANNEL = "steward-it-events";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void shouldSubscribeAgainOnTheNextRoundAfterLettucesResubscribeWasRefused(LocalTopology topology) {
        HostAndPort sentinel = topology.sentinels().get(0).endpoint();
        List<SentinelEvent> received = new CopyOnWriteArrayList<>();
        try (StewardClient client = SentinelConfigs.clientFor(SentinelConfigs.configFor(topology));
                StatefulRedisPubSubConnection<String, String> admin = client.connectSentinelPubSub(sentinel);
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
            assertThat(commands.publish(CHANNEL, "lost")).isZero();

            stream.subscribeMissing();

            assertThat(commands.publish(CHANNEL, "heard")).isEqualTo(1);
            await().atMost(WAIT)
                    .until(() -> received.stream().anyMatch(e -> e.message().equals("heard")));
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
