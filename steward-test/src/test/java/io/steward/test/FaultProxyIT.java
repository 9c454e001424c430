package io.steward.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.steward.HostAndPort;
import io.steward.provision.LocalTopology;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@RedisTopology
class FaultProxyIT {

    private static RedisURI through(FaultProxy proxy, LocalTopology topology) {
        HostAndPort endpoint = proxy.endpoint();
        return RedisURI.builder()
                .withHost(endpoint.host())
                .withPort(endpoint.port())
                .withAuthentication("app", topology.password("app"))
                .withTimeout(Duration.ofMillis(500))
                .build();
    }

    @Test
    void shouldHoldTrafficWhileBlackholedAndResumeAfterHeal(LocalTopology topology) {
        RedisClient client = RedisClient.create();
        try (FaultProxy proxy = FaultProxy.start(topology.master());
                StatefulRedisConnection<String, String> redis = client.connect(through(proxy, topology))) {
            assertThat(redis.sync().ping()).isEqualTo("PONG");

            proxy.blackhole();
            assertThatThrownBy(() -> redis.sync().ping()).isInstanceOf(RedisCommandTimeoutException.class);

            proxy.heal();
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> "PONG"
                    .equals(redis.sync().ping()));
        } finally {
            client.shutdown();
        }
    }

    @Test
    void shouldResetOpenConnectionsAndAcceptNewOnes(LocalTopology topology) {
        RedisClient client = RedisClient.create();
        client.setOptions(ClientOptions.builder().autoReconnect(false).build());
        try (FaultProxy proxy = FaultProxy.start(topology.master());
                StatefulRedisConnection<String, String> redis = client.connect(through(proxy, topology))) {
            assertThat(redis.sync().ping()).isEqualTo("PONG");

            proxy.resetConnections();

            await().atMost(Duration.ofSeconds(10)).until(() -> !redis.isOpen());
            try (StatefulRedisConnection<String, String> again = client.connect(through(proxy, topology))) {
                assertThat(again.sync().ping()).isEqualTo("PONG");
            }
        } finally {
            client.shutdown();
        }
    }

    @Test
    void shouldDelayEveryChunkByTheLatency(LocalTopology topology) {
        RedisClient client = RedisClient.create();
        try (FaultProxy proxy = FaultProxy.start(topology.master());
                StatefulRedisConnection<String, String> redis =
                        client.connect(RedisURI.builder(through(proxy, topology))
                                .withTimeout(Duration.ofSeconds(5))
                                .build())) {
            proxy.latency(Duration.ofMillis(300));
            long started = System.nanoTime();
            redis.sync().ping();

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        } finally {
            client.shutdown();
        }
    }
}
