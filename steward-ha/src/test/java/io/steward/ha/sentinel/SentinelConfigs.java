package io.steward.ha.sentinel;

import io.steward.HostAndPort;
import io.steward.client.StewardClient;
import io.steward.ops.config.AuthConfig;
import io.steward.ops.config.StewardConfig;
import io.steward.ops.config.TopologyConfig;
import io.steward.provision.LocalNode;
import io.steward.provision.LocalTopology;
import io.steward.provision.Profile;
import java.time.Duration;
import java.util.List;

/** The {@code steward.yaml} model of a local test topology, and a node client for it. */
final class SentinelConfigs {

    private SentinelConfigs() {}

    static StewardConfig configFor(LocalTopology topology) {
        return StewardConfig.builder(TopologyConfig.sentinel(topology.masterName(), endpoints(topology.sentinels())))
                .name("it")
                .profile(Profile.DEVELOPMENT)
                .auth(AuthConfig.withPasswordFile("admin", topology.passwordFile("admin")))
                .baseDir(topology.home())
                .build();
    }

    /** Short timeouts, so that a paused node is reported quickly instead of stalling a test. */
    static StewardClient clientFor(StewardConfig config) {
        return StewardClient.createForNodes(config.clientOptions()
                .connectTimeout(Duration.ofSeconds(2))
                .commandTimeout(Duration.ofSeconds(2))
                .build());
    }

    static List<HostAndPort> endpoints(List<LocalNode> nodes) {
        return nodes.stream().map(LocalNode::endpoint).toList();
    }
}
