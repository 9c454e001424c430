package io.steward.backup.rdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RdbContentsTest {

    /** The id Redis derives from a type name and encoding version (module.c moduleTypeEncodeId). */
    static long moduleTypeId(String name, int encodingVersion) {
        String chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        long id = 0;
        for (char c : name.toCharArray()) {
            id = (id << 6) | chars.indexOf(c);
        }
        return (id << 10) | encodingVersion;
    }

    @Test
    void moduleTypeNameAndEncodingVersionComeFromTheId() {
        RdbContents.ModuleData json = new RdbContents.ModuleData(moduleTypeId("ReJSON-RL", 3), 2, 0, "doc", 0);

        assertThat(json.typeName()).isEqualTo("ReJSON-RL");
        assertThat(json.encodingVersion()).isEqualTo(3);
        assertThat(RdbContents.moduleTypeName(0)).isEqualTo("AAAAAAAAA");
    }

    @Test
    void printableKeysEscapeBinaryBytesAndAreCut() {
        assertThat(RdbContents.printable(new byte[] {'a', 0, (byte) 0xff, '"', '\\', '\n'}))
                .isEqualTo("a\\x00\\xff\\\"\\\\\\x0a");
        assertThat(RdbContents.printable("k".repeat(500).getBytes()))
                .hasSize(123)
                .endsWith("k...");
    }

    @Test
    void manifestFormKeepsCountsAndDropsKeyNames() {
        RdbContents read = new RdbContents(2, 3, 0, List.of(new RdbContents.ModuleData(99L << 10, 4, 1, "secret", 1)));

        RdbContents recorded = read.withoutKeyNames();

        assertThat(recorded.modules()).containsExactly(new RdbContents.ModuleData(99L << 10, 4, -1, null, 1));
        assertThat(recorded.functionLibraries()).isEqualTo(2);
        assertThat(recorded.keysWithIdle()).isEqualTo(3);
        assertThat(recorded.hasModuleData()).isTrue();
    }
}
