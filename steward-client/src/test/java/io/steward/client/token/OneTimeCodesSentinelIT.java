package io.steward.client.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.steward.HostAndPort;
import io.steward.client.StewardClient;
import io.steward.client.TopologyOptions;
import io.steward.provision.LocalTopology;
import io.steward.provision.TopologyMode;
import io.steward.test.RedisTopology;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@RedisTopology(mode = TopologyMode.SENTINEL)
class OneTimeCodesSentinelIT {

    private static final byte[] SECRET = new SecureRandom().generateSeed(32);

    @Test
    void replicatedCodeAndAttemptsSurviveAFailover(LocalTopology topology) {
        topology.awaitHealthy(Duration.ofSeconds(60));
        try (StewardClient client =
                StewardClient.create(TopologyOptions.as(topology, "app").build())) {
            OneTimeCodes codes =
                    OneTimeCodes.create(client, CodeOptions.builder(SECRET).build());
            OneTimeTokens tokens =
                    OneTimeTokens.create(client, TokenOptions.builder(SECRET).build());
            String code = codes.issue("alice", "login").code();
            String wrong = code.equals("000000") ? "000001" : "000000";
            assertThat(codes.verify("alice", "login", wrong)).isEqualTo(new CodeVerification(VerifyResult.WRONG, 4));
            String token = tokens.issue("alice", "password-reset");
            client.commands().waitForReplication(2, 5000);
            HostAndPort oldMaster = client.currentMaster();

            topology.node(oldMaster).kill();
            await("a new master behind the client")
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100))
                    .ignoreExceptions()
                    .until(() -> !client.currentMaster().equals(oldMaster)
                            && "OK".equals(client.commands().set("probe", "x")));

            assertThat(codes.verify("alice", "login", wrong))
                    .as("the attempt used before the failover is still counted")
                    .isEqualTo(new CodeVerification(VerifyResult.WRONG, 3));
            assertThat(codes.verify("alice", "login", code).result()).isEqualTo(VerifyResult.VALID);
            assertThat(codes.verify("alice", "login", code).result()).isEqualTo(VerifyResult.UNKNOWN);
            assertThat(tokens.verify("password-reset", token).identity()).contains("alice");
        }
    }
}
