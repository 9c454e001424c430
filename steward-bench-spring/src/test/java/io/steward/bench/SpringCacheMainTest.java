package io.steward.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SpringCacheMainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return SpringCacheMain.execute(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void unknownBenchmarkNameIsAUsageErrorNamingIt() {
        assertThat(run("cache")).isEqualTo(Main.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("unknown benchmark 'cache'")
                .contains("usage: steward bench spring-cache");
        assertThat(out.size()).isZero();
    }

    @Test
    void helpAfterTheNamePrintsUsageAndSucceeds() {
        assertThat(run("spring-cache", "--help")).isEqualTo(Main.OK);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--rounds N");
        assertThat(out.size()).isZero();
    }

    @Test
    void unknownOptionIsAUsageErrorNamingTheOption() {
        assertThat(run("spring-cache", "--bogus", "1")).isEqualTo(Main.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--bogus");
        assertThat(out.size()).isZero();
    }

    @Test
    void outOfRangeRoundsIsAUsageErrorBeforeAnythingStarts() {
        assertThat(run("spring-cache", "--rounds", "0")).isEqualTo(Main.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--rounds");
        assertThat(out.size()).isZero();
    }

    @Test
    void noArgumentsPrintsUsageAsAUsageError() {
        assertThat(run()).isEqualTo(Main.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: steward bench spring-cache");
    }
}
