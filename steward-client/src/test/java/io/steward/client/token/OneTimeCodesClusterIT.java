package io.steward.client.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.steward.client.StewardClient;
import io.steward.client.TopologyOptions;
import io.steward.provision.LocalTopology;
import io.steward.provision.TopologyMode;
import io.steward.test.RedisTopology;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

@RedisTopology(mode = TopologyMode.CLUSTER)
class OneTimeCodesClusterIT {

    /** Fixed, so that the 30 keys land on the same slots, on all three masters, in every run. */
    private static final byte[] SECRET = "a fixed test secret of 32+ bytes!".getBytes(StandardCharsets.US_ASCII);

    @Test
    void codesAndTokensWorkOnEveryMaster(LocalTopology topology) {
        try (StewardClient client =
                StewardClient.create(TopologyOptions.as(topology, "app").build())) {
            OneTimeCodes codes = OneTimeCodes.create(
                    client, CodeOptions.builder(SECRET).maxAttempts(2).build());
            OneTimeTokens tokens = OneTimeTokens.create(
                    client,
                    TokenOptions.builder(SECRET).ttl(Duration.ofMinutes(5)).build());
            Set<String> masters = new HashSet<>();
            List<String> issued = new ArrayList<>();
            for (int i = 0; i < 30; i++) { // keys spread over all three masters
                IssuedCode code = codes.issue("user" + i, "login");
                assertThat(code.issued()).isTrue();
                issued.add(code.code());
                assertThat(codes.issue("user" + i, "login").issued())
                        .as("cooldown")
                        .isFalse();
            }
            for (int i = 0; i < 30; i++) {
                String code = issued.get(i);
                String wrong = code.equals("000000") ? "000001" : "000000";
                assertThat(codes.verify("user" + i, "login", wrong))
                        .isEqualTo(new CodeVerification(VerifyResult.WRONG, 1));
                assertThat(codes.verify("user" + i, "login", code).result()).isEqualTo(VerifyResult.VALID);
                assertThat(codes.verify("user" + i, "login", code).result()).isEqualTo(VerifyResult.UNKNOWN);
            }
            for (int i = 0; i < 30; i++) {
                String token = tokens.issue("user" + i, "password-reset");
                assertThat(tokens.verify("password-reset", token).identity()).contains("user" + i);
                assertThat(tokens.verify("password-reset", token).result()).isEqualTo(VerifyResult.UNKNOWN);
            }
            assertThat(codes.stats().verified()).isEqualTo(30);
            assertThat(tokens.stats().verified()).isEqualTo(30);
        }
    }
}
