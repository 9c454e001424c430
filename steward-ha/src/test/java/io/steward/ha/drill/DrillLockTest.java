package io.steward.ha.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.steward.StewardException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DrillLockTest {

    @Test
    void secondDrillOnSameHomeIsRefusedWhileFirstHoldsTheLock(@TempDir Path home) {
        try (DrillLock first = DrillLock.acquire(home)) {
            assertThatThrownBy(() -> DrillLock.acquire(home))
                    .isInstanceOf(StewardException.class)
                    .hasMessageContaining("another failover drill is running")
                    .hasMessageContaining("drill.lock");
        }
    }

    @Test
    void lockIsFreeAgainOnceReleasedAndItsFileIsOwnerOnly(@TempDir Path home) throws Exception {
        DrillLock.acquire(home).close();

        try (DrillLock again = DrillLock.acquire(home)) {
            Path file = home.resolve("ha").resolve(DrillLock.FILE);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                    .isEqualTo("rwx------");
        }
    }
}
