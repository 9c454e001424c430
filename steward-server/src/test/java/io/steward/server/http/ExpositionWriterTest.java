package io.steward.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExpositionWriterTest {

    @Test
    void samplesAreGroupedUnderOneHeaderPerFamily() {
        ExpositionWriter out = new ExpositionWriter()
                .family("redis_up", ExpositionWriter.Type.GAUGE, "Node answered")
                .family("redis_keyspace_hits_total", ExpositionWriter.Type.COUNTER, "Hits");
        out.sample("redis_up", 1, "addr", "a:1");
        out.sample("redis_keyspace_hits_total", 10, "addr", "a:1");
        out.sample("redis_up", 0, "addr", "b:2");

        assertThat(out.render())
                .isEqualTo("# HELP redis_up Node answered\n"
                        + "# TYPE redis_up gauge\n"
                        + "redis_up{addr=\"a:1\"} 1\n"
                        + "redis_up{addr=\"b:2\"} 0\n"
                        + "# HELP redis_keyspace_hits_total Hits\n"
                        + "# TYPE redis_keyspace_hits_total counter\n"
                        + "redis_keyspace_hits_total{addr=\"a:1\"} 10\n");
    }

    @Test
    void labelValuesAreEscapedAndFractionsKept() {
        ExpositionWriter out = new ExpositionWriter().family("x", ExpositionWriter.Type.GAUGE, "x");
        out.sample("x", 1.5, "summary", "say \"hi\"\\\nbye");

        assertThat(out.render()).endsWith("x{summary=\"say \\\"hi\\\"\\\\\\nbye\"} 1.5\n");
    }

    @Test
    void familiesWithoutSamplesAndNaNValuesAreLeftOut() {
        ExpositionWriter out = new ExpositionWriter()
                .family("empty", ExpositionWriter.Type.GAUGE, "nothing")
                .family("nan", ExpositionWriter.Type.GAUGE, "not a number");
        out.sample("nan", Double.NaN);

        assertThat(out.render()).isEmpty();
    }

    @Test
    void undeclaredFamilyOrConflictingTypeIsRefused() {
        ExpositionWriter out = new ExpositionWriter().family("x", ExpositionWriter.Type.GAUGE, "x");
        assertThatThrownBy(() -> out.sample("y", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> out.family("x", ExpositionWriter.Type.COUNTER, "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
