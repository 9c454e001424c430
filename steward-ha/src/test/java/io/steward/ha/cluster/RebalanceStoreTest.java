package io.steward.ha.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.steward.HostAndPort;
import io.steward.StewardException;
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

    private static final String MOVES = "\"moves\":[{\"slot\":7,\"fromId\":\"a\",\"from\":\"127.0.0.1:7000\","
            + "\"toId\":\"b\",\"to\":\"127.0.0.1:7001\"}%s]";

    private static void assertRejected(Path base, String json, String why) throws Exception {
        RebalanceStore store = new RebalanceStore(base);
        Files.createDirectories(store.file().getParent());
        Files.writeString(store.file(), json);
        assertThatThrownBy(store::load)
                .isInstanceOf(StewardException.class)
                .hasMessageContaining(why)
                .hasMessageContaining("--abandon");
    }

    private static String file(int version, int nextMove, String extraMove) {
        return "{\"version\":" + version + ",\"by\":\"slots\",\"createdAt\":\"2025-01-01T00:00:00Z\","
                + "\"state\":\"running\",\"nextMove\":" + nextMove + ",\"slotsMoved\":0,\"keysMoved\":0,"
                + String.format(MOVES, extraMove) + "}";
    }

    @Test
    void nextMoveOutsideThePlanIsRejected(@TempDir Path base) throws Exception {
        assertRejected(base, file(1, 2, ""), "nextMove is 2");
        assertRejected(base, file(1, -1, ""), "nextMove is -1");
    }

    @Test
    void unknownVersionIsRejected(@TempDir Path base) throws Exception {
        assertRejected(base, file(2, 0, ""), "version is 2");
    }

    @Test
    void aSlotPlannedTwiceIsRejected(@TempDir Path base) throws Exception {
        String again =
                ",{\"slot\":7,\"fromId\":\"a\",\"from\":\"127.0.0.1:7000\",\"toId\":\"c\",\"to\":\"127.0.0.1:7002\"}";
        assertRejected(base, file(1, 0, again), "slot 7 out of range or twice");
    }

    @Test
    void aValidFileAtTheEndOfItsPlanLoads(@TempDir Path base) throws Exception {
        RebalanceStore store = new RebalanceStore(base);
        Files.createDirectories(store.file().getParent());
        Files.writeString(store.file(), file(1, 1, ""));
        assertThat(store.load())
                .hasValueSatisfying(p -> assertThat(p.nextMove()).isEqualTo(1));
    }
}
