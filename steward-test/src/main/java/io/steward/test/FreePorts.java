package io.steward.test;

import io.steward.HostAndPort;
import io.steward.provision.DeploymentPlan;
import io.steward.provision.LocalDeployment;
import io.steward.provision.Profile;
import io.steward.provision.TopologyMode;
import java.util.concurrent.ThreadLocalRandom;

/** Finds a {@code --port-base} whose every port (and cluster bus port) is free on loopback. */
public final class FreePorts {

    private static final int ATTEMPTS = 200;
    /**
     * Bases whose every port (sentinels at base + 20000, cluster buses at base + 10621..10626) stays
     * below Linux's ephemeral range (32768+), so an outgoing connection cannot take a port between
     * the check here and the node binding it.
     */
    private static final int LOWEST_BASE = 7_000;

    private static final int HIGHEST_BASE = 12_700;

    private FreePorts() {}

    /**
     * A port base for {@link DeploymentPlan#local} such that all of the topology's ports are free.
     *
     * @throws IllegalStateException when none was found after a bounded number of tries
     */
    public static int portBase(TopologyMode mode) {
        for (int i = 0; i < ATTEMPTS; i++) {
            int base = ThreadLocalRandom.current().nextInt(LOWEST_BASE, HIGHEST_BASE);
            DeploymentPlan plan = DeploymentPlan.local(mode, Profile.DEVELOPMENT, false, base);
            if (allFree(plan)) {
                return base;
            }
        }
        throw new IllegalStateException("no free port base found after " + ATTEMPTS + " tries");
    }

    private static boolean allFree(DeploymentPlan plan) {
        for (HostAndPort node : plan.redisNodes()) {
            if (!LocalDeployment.isFree(node.port())
                    || plan.mode() == TopologyMode.CLUSTER
                            && !LocalDeployment.isFree(node.port() + DeploymentPlan.CLUSTER_BUS_OFFSET)) {
                return false;
            }
        }
        return plan.sentinels().stream().allMatch(s -> LocalDeployment.isFree(s.port()));
    }
}
