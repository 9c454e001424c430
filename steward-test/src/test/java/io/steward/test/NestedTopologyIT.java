package io.steward.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.steward.provision.LocalDeployment;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@RedisTopology
class NestedTopologyIT {

    private final LocalDeployment outerTopology;

    NestedTopologyIT(LocalDeployment outerTopology) {
        this.outerTopology = outerTopology;
    }

    @Test
    void shouldGiveOuterTestsTheClassTopology(LocalDeployment topology) {
        assertThat(topology.home()).isEqualTo(outerTopology.home());
    }

    @Nested
    class Inner {

        @Test
        void shouldShareEnclosingTopologyInsteadOfStartingSecond(LocalDeployment topology) {
            assertThat(topology.home()).isEqualTo(outerTopology.home());
            assertThat(topology).isSameAs(outerTopology);
        }
    }
}
