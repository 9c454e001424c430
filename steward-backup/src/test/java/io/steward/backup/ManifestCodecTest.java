package io.steward.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.steward.HostAndPort;
import io.steward.backup.rdb.RdbContents;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ManifestCodecTest {

    private static BackupManifest manifest(RdbContents contents) {
        return new BackupManifest(
                "20261206T120000Z-rdb-0001",
                BackupType.RDB,
                "manual",
                Instant.parse("2026-12-06T12:00:00Z"),
                "local",
                "standalone",
                "7.0.15",
                10,
                BackupManifest.COMPRESSION,
                BackupManifest.ENCRYPTION,
                "key-1",
                List.of(new BackupPart(
                        "shard-0-6379.rdb.zst.enc",
                        BackupPart.Kind.RDB,
                        HostAndPort.of("127.0.0.1", 6379),
                        "master",
                        100,
                        80,
                        "aa",
                        "bb",
                        new TreeMap<>(Map.of(0, 5L, 3, 1L)),
                        contents)));
    }

    @Test
    void contentsRoundTripAsCountsWithoutKeyNames() {
        RdbContents contents =
                new RdbContents(2, 5, 0, List.of(new RdbContents.ModuleData((77L << 10) | 2, 3, -1, null, 1)));

        byte[] json = ManifestCodec.toJson(manifest(contents));
        BackupManifest read = ManifestCodec.fromJson(json);

        assertThat(read.parts().get(0).contents()).isEqualTo(contents);
        assertThat(read).isEqualTo(manifest(contents));
        assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"typeName\" : \"AAAAAAABN\"");
    }

    @Test
    void manifestOfAnOlderBackupReadsWithoutContents() {
        String json = new String(ManifestCodec.toJson(manifest(null)), StandardCharsets.UTF_8);

        assertThat(json).doesNotContain("contents");
        assertThat(ManifestCodec.fromJson(json.getBytes(StandardCharsets.UTF_8))
                        .parts()
                        .get(0)
                        .contents())
                .isNull();
    }
}
