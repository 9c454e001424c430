package io.steward.backup;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.steward.backup.rdb.RdbContents;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RestoreCheckTest {

    private static final long JSON_TYPE = (moduleNameBits("ReJSON-RL") << 10) | 3;

    private static long moduleNameBits(String name) {
        String chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        long id = 0;
        for (char c : name.toCharArray()) {
            id = (id << 6) | chars.indexOf(c);
        }
        return id;
    }

    private static BackupManifest manifest(Map<Integer, Long> keysPerDb) {
        return new BackupManifest(
                "b1",
                BackupType.RDB,
                "manual",
                Instant.EPOCH,
                "local",
                "standalone",
                "7.0.15",
                10,
                "zstd",
                "aes-256-gcm",
                "k",
                List.of(new BackupPart(
                        "shard-0.enc", BackupPart.Kind.RDB, null, "master", 1, 1, "a", "b", new TreeMap<>(keysPerDb))));
    }

    @Test
    void plainKeysFunctionsAndUsageDataAreRestorable() {
        RdbContents contents = new RdbContents(3, 10, 0, List.of());

        assertThatCode(() -> RestoreCheck.requireRestorable(
                        manifest(Map.of(0, 5L, 7, 1L)), false, "127.0.0.1:6379", part -> contents))
                .doesNotThrowAnyException();
    }

    @Test
    void moduleDataIsRefusedNamingTheModuleTypeAndTheKey() {
        RdbContents contents =
                new RdbContents(0, 0, 0, List.of(new RdbContents.ModuleData(JSON_TYPE, 2, 4, "doc:1", 1)));

        assertThatThrownBy(() -> RestoreCheck.requireRestorable(
                        manifest(Map.of(0, 5L)), false, "127.0.0.1:6379", part -> contents))
                .isInstanceOf(RestoreRefusedException.class)
                .hasMessageContaining("restore of b1 refused, nothing was written to 127.0.0.1:6379")
                .hasMessageContaining(
                        "2 keys of module type 'ReJSON-RL' (type id " + JSON_TYPE + ", encoding version 3)")
                .hasMessageContaining("the first 'doc:1' in db 4")
                .hasMessageContaining("and 1 module auxiliary record of that type")
                .hasMessageContaining("load the backup's RDB into a redis-server that loads the module");
    }

    @Test
    void moduleAuxiliaryDataAloneIsRefusedToo() {
        RdbContents contents = new RdbContents(0, 0, 0, List.of(new RdbContents.ModuleData(JSON_TYPE, 0, -1, null, 2)));

        assertThatThrownBy(() -> RestoreCheck.requireRestorable(manifest(Map.of(0, 5L)), false, "x", part -> contents))
                .isInstanceOf(RestoreRefusedException.class)
                .hasMessageContaining("shard-0.enc holds 2 module auxiliary records of module type 'ReJSON-RL'");
    }

    @Test
    void keysOutsideDatabaseZeroAreRefusedForAClusterBeforeAnyIsWritten() {
        assertThatThrownBy(() -> RestoreCheck.requireRestorable(
                        manifest(Map.of(0, 5L, 2, 1L)), true, "cluster deployment 'c'", part -> RdbContents.NONE))
                .isInstanceOf(RestoreRefusedException.class)
                .hasMessageContaining("nothing was written to cluster deployment 'c'")
                .hasMessageContaining("keys in database 2, but a cluster has only database 0");
        assertThatCode(() -> RestoreCheck.requireRestorable(
                        manifest(Map.of(0, 5L)), true, "cluster", part -> RdbContents.NONE))
                .doesNotThrowAnyException();
    }
}
