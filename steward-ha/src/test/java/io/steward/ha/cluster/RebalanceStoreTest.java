package io.steward.ha.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.steward.HostAndPort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RebalanceStoreTest {

    @Test
    void progressRoundTripsThroughAnOwnerOnlyFile(@TempDir Path base) throws Exception {
        RebalancePlan plan = new RebalancePlan(
                RebalancePlan.By.MEMORY,
                Instant.parse("2025-01-01T00:00:00Z"),
                List.of(new SlotMove(
                        7, "a", HostAndPort.of("127.0.0.1", 7000), "b", HostAndPort.of("127.0.0.1", 7001))));
        RebalanceProgress progress =
                new RebalanceProgress(plan, RebalanceProgress.State.RUNNING, 1, 1, 42, false, List.of());
        RebalanceStore store = new RebalanceStore(base);

        store.save(progress);

        assertThat(store.load()).contains(progress);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file())))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(store.file().getParent())))
                .isEqualTo("rwx------");
        assertThat(store.delete()).isTrue();
        assertThat(store.load()).isEmpty();
    }
}
