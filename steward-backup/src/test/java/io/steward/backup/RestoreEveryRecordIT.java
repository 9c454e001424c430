package io.steward.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lettuce.core.FlushMode;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.steward.backup.rdb.RdbContents;
import io.steward.provision.LocalTopology;
import io.steward.test.RedisTopology;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A backup of a real Redis 7.0 holding every type, encoding and opcode it writes, restored into a
 * fresh server, compared by content: every database's keys, values, absolute expiries, stream
 * groups, pending entries and last IDs, the function libraries with their code, and each key's LRU
 * idle time or LFU counter.
 */
@RedisTopology
class RestoreEveryRecordIT {

    /** LRU idle times are seconds read at different moments: backup, restore and reads take a few. */
    private static final long IDLE_TOLERANCE_SECONDS = 120;
    /** LFU counters decay by one per minute without access; a run may cross a minute or two. */
    private static final long FREQUENCY_TOLERANCE = 2;

    private static SecondServer second;
    private static StatefulRedisConnection<byte[], byte[]> source;
    private static StatefulRedisConnection<byte[], byte[]> target;

    @BeforeAll
    static void start(LocalTopology topology) throws IOException {
        second = SecondServer.start(topology);
        source = second.connect(topology.master());
        target = second.connect(second.node());
    }

    @AfterAll
    static void stop() throws IOException {
        if (source != null) {
            source.close();
            target.close();
        }
        if (second != null) {
            second.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"allkeys-lru", "allkeys-lfu"})
    void restoreIntoAFreshServerRecreatesEveryRecordOfTheBackup(String policy) {
        boolean lfu = policy.contains("lfu");
        RedisCommands<byte[], byte[]> from = source.sync();
        RedisCommands<byte[], byte[]> into = target.sync();
        emptied(from);
        emptied(into).configSet("maxmemory-policy", policy);
        EveryRecord.fill(from, policy);
        Map<String, Long> usageBefore = EveryRecord.usage(from, lfu);
        assertThat(EveryRecord.encodings(from))
                .as("the data set holds every encoding Redis 7.0 has")
                .contains(
                        "string/int",
                        "string/embstr",
                        "string/raw",
                        "list/quicklist",
                        "set/intset",
                        "set/hashtable",
                        "zset/listpack",
                        "zset/skiplist",
                        "hash/listpack",
                        "hash/hashtable",
                        "stream/stream");

        BackupManifest backup = second.engine().create(BackupType.RDB, "it", BackupEngine.Progress.NONE);
        DatasetSnapshot expected = DatasetSnapshot.of(from, EveryRecord.DBS);
        RestoreReport report = second.engine().restore(backup.id(), second.restoreHere());

        Map<String, Long> usageAfter = EveryRecord.usage(into, lfu);
        DatasetSnapshot restored = DatasetSnapshot.of(into, EveryRecord.DBS);
        RdbContents contents = backup.parts().get(0).contents();
        assertThat(contents.functionLibraries()).isEqualTo(2);
        assertThat(lfu ? contents.keysWithFrequency() : contents.keysWithIdle()).isEqualTo(expected.keys());
        assertThat(contents.hasModuleData()).isFalse();
        assertThat(report.complete()).isTrue();
        assertThat(report.keysRestored()).isEqualTo(expected.keys()).isEqualTo(backup.keys());
        assertThat(restored.databases().keySet()).containsExactlyElementsOf(EveryRecord.DBS);
        for (int db : EveryRecord.DBS) {
            assertThat(restored.databases().get(db))
                    .as("database " + db)
                    .containsExactlyEntriesOf(expected.databases().get(db));
        }
        assertThat(restored.functions()).isEqualTo(expected.functions()).contains("greet", "no-writes");
        assertThat(into.<byte[]>fcall("hello", ScriptOutputType.VALUE, new byte[0][], EveryRecord.b("restore")))
                .isEqualTo(EveryRecord.b("hello restore"));
        assertThat(EveryRecord.encodings(into)).isEqualTo(EveryRecord.encodings(from));
        assertThat(usageAfter.keySet()).isEqualTo(usageBefore.keySet());
        usageBefore.forEach((key, before) -> {
            if (lfu) {
                assertThat(usageAfter.get(key)).as("OBJECT FREQ " + key).isCloseTo(before, within(FREQUENCY_TOLERANCE));
            } else {
                assertThat(usageAfter.get(key))
                        .as("OBJECT IDLETIME " + key)
                        .isBetween(before, before + IDLE_TOLERANCE_SECONDS);
            }
        });
    }

    private static RedisCommands<byte[], byte[]> emptied(RedisCommands<byte[], byte[]> redis) {
        redis.flushall(FlushMode.SYNC);
        redis.functionFlush(FlushMode.SYNC);
        return redis;
    }
}
