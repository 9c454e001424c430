package io.steward.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.steward.provision.LocalDeployment;
import io.steward.provision.LocalNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@RedisTopology
class PauseResumeIT {

    @Test
    void shouldStopAnsweringWhilePausedAndAnswerAgainAfterResume(LocalDeployment topology) {
        LocalNode node = topology.redisNodes().get(0);
        long pid = node.pid();

        node.pause();
        try {
            assertThat(topology.roleOf(node.endpoint())).isEqualTo("down");
            assertThat(node.isRunning()).isTrue();
        } finally {
            node.resume();
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> "master".equals(topology.roleOf(node.endpoint())));
        assertThat(node.pid()).isEqualTo(pid);
    }
}
