package io.steward.ha.drill;

import io.steward.ops.config.AuthConfig;
import io.steward.ops.config.StewardConfig;
import io.steward.ops.config.TopologyConfig;
import io.steward.provision.LocalTopology;
import io.steward.provision.TopologyMode;

/** The {@code steward.yaml} model of a test topology, as {@code up} would write it. */
final class DrillConfigs {

    private DrillConfigs() {}

    static StewardConfig of(LocalTopology topology) {
        TopologyConfig where = topology.mode() == TopologyMode.SENTINEL
                ? TopologyConfig.sentinel(topology.masterName(), topology.plan().sentinels())
                : TopologyConfig.cluster(topology.plan().redisNodes());
        return StewardConfig.builder(where)
                .name("drill-test")
                .profile(topology.plan().profile())
                .auth(AuthConfig.withPasswordFile("admin", topology.passwordFile("admin")))
                .baseDir(topology.home())
                .build();
    }
}
