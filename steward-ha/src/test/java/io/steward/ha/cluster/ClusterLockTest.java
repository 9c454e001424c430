package io.steward.ha.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterLockTest {

    @Test
    void secondHolderIsRefusedWithTheLockFileNamedUntilTheFirstReleases(@TempDir Path base) throws Exception {
        Path file = base.resolve("ha").resolve(ClusterLock.FILE);
        ClusterLock first = ClusterLock.acquire(base, "rebalance");
        try {
            assertThatThrownBy(() -> ClusterLock.acquire(base, "fix the cluster"))
                    .isInstanceOf(ClusterAdminException.class)
                    .hasMessageContaining("cannot fix the cluster")
                    .hasMessageContaining(file.toString());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-------");
        } finally {
            first.close();
        }
        try (ClusterLock again = ClusterLock.acquire(base, "fix the cluster")) {
            assertThat(again).isNotNull();
        }
    }
}
