package io.steward.backup.rdb;

import static io.steward.backup.rdb.RdbBytes.ascii;
import static io.steward.backup.rdb.RdbBytes.lpInt;
import static io.steward.backup.rdb.RdbBytes.lpString;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DatasetDigestTest {

    /** The small hash {a: 1, b: xyz} as a listpack (type 16), as Redis 7.0 encodes it. */
    private static final byte[] HASH_LISTPACK = new RdbBytes()
            .u8(RdbFormat.TYPE_HASH_LISTPACK)
            .string(RdbBytes.listpack(lpString("a"), lpInt(1), lpString("b"), lpString("xyz")))
            .bytes();

    /** The same hash as a hashtable (type 4), fields in the other order. */
    private static final byte[] HASH_TABLE = new RdbBytes()
            .u8(RdbFormat.TYPE_HASH)
            .length(2)
            .string("b")
            .string("xyz")
            .string("a")
            .string("1")
            .bytes();

    @Test
    void sameValueInAnotherEncodingOrOrderDigestsTheSame() {
        DatasetDigest listpack = new DatasetDigest();
        listpack.add(0, ascii("h"), HASH_LISTPACK, false);
        DatasetDigest table = new DatasetDigest();
        table.add(0, ascii("h"), HASH_TABLE, false);

        assertThat(table.hex()).isEqualTo(listpack.hex()).hasSize(64);
    }

    @Test
    void keysInAnyOrderDigestTheSame() {
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            keys.add(ascii("key-" + i));
        }
        DatasetDigest forwards = new DatasetDigest();
        keys.forEach(k -> forwards.add(0, k, HASH_LISTPACK, false));
        Collections.shuffle(keys, new Random(3));
        DatasetDigest shuffled = new DatasetDigest();
        keys.forEach(k -> shuffled.add(0, k, HASH_TABLE, false));

        assertThat(shuffled.hex()).isEqualTo(forwards.hex());
        assertThat(shuffled.keys()).isEqualTo(100);
    }

    @Test
    void databaseKeyTtlAndValueEachChangeTheDigest() {
        String base = digest(0, "h", HASH_LISTPACK, false);

        assertThat(digest(1, "h", HASH_LISTPACK, false)).isNotEqualTo(base);
        assertThat(digest(0, "g", HASH_LISTPACK, false)).isNotEqualTo(base);
        assertThat(digest(0, "h", HASH_LISTPACK, true)).isNotEqualTo(base);
        byte[] other = new RdbBytes()
                .u8(RdbFormat.TYPE_HASH)
                .length(2)
                .string("b")
                .string("xyz")
                .string("a")
                .string("2")
                .bytes();
        assertThat(digest(0, "h", other, false)).isNotEqualTo(base);
        assertThat(new DatasetDigest().hex()).isNotEqualTo(base);
    }

    @Test
    void digestOfAnRdbCoversAllItsKeys() {
        DatasetDigest digest = DatasetDigest.of(new ByteArrayInputStream(RdbReaderTest.resource("all-types-7.0.rdb")));

        assertThat(digest.keys()).isEqualTo(26);
    }

    private static String digest(int db, String key, byte[] value, boolean ttl) {
        DatasetDigest d = new DatasetDigest();
        d.add(db, ascii(key), value, ttl);
        return d.hex();
    }
}
