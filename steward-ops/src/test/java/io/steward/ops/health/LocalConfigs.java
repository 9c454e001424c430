package io.steward.ops.health;

import io.steward.HostAndPort;
import io.steward.client.StewardClient;
import io.steward.ops.config.AuthConfig;
import io.steward.ops.config.StewardConfig;
import io.steward.ops.config.Thresholds;
import io.steward.ops.config.TlsConfig;
import io.steward.ops.config.TopologyConfig;
import io.steward.provision.LocalNode;
import io.steward.provision.LocalTopology;
import io.steward.provision.Profile;
import java.time.Duration;
import java.util.List;

/** The {@code steward.yaml} model and a client for a local test topology. */
final class LocalConfigs {

    private LocalConfigs() {}

    /**
     * The configuration of {@code topology} as user {@code user}. PING latency is not what these tests
     * judge, and a busy build machine must not turn them red, so its threshold is generous.
     */
    static StewardConfig configFor(LocalTopology topology, String user) {
        TopologyConfig model =
                switch (topology.mode()) {
                    case SENTINEL -> TopologyConfig.sentinel(topology.masterName(), endpoints(topology.sentinels()));
                    case CLUSTER -> TopologyConfig.cluster(endpoints(topology.redisNodes()));
                    case STANDALONE -> TopologyConfig.standalone(topology.master());
                };
        TlsConfig tls = topology.tls()
                .map(f -> TlsConfig.enabled(f.ca(), f.clientCert(), f.clientKey()))
                .orElse(TlsConfig.DISABLED);
        return StewardConfig.builder(model)
                .name("it")
                .profile(Profile.DEVELOPMENT)
                .auth(AuthConfig.withPasswordFile(user, topology.passwordFile(user)))
                .tls(tls)
                .thresholds(Thresholds.builder().pingWarn(Duration.ofSeconds(1)).build())
                .baseDir(topology.home())
                .build();
    }

    /** A client for {@code config} with short timeouts, so probing a paused node fails fast. */
    static StewardClient clientFor(StewardConfig config) {
        return StewardClient.create(config.clientOptions()
                .connectTimeout(Duration.ofSeconds(1))
                .commandTimeout(Duration.ofSeconds(1))
                .build());
    }

    private static List<HostAndPort> endpoints(List<LocalNode> nodes) {
        return nodes.stream().map(LocalNode::endpoint).toList();
    }
}
