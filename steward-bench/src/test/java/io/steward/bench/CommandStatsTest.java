package io.steward.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandStatsTest {

    private static final String BEFORE =
            """
            # Stats\r
            total_connections_received:10\r
            total_commands_processed:500\r
            # Commandstats\r
            cmdstat_info:calls=7,usec=100,usec_per_call=14.29,rejected_calls=0,failed_calls=0\r
            cmdstat_config|get:calls=0,usec=0,usec_per_call=0.00,rejected_calls=2,failed_calls=0\r
            """;
    private static final String AFTER =
            """
            # Stats\r
            total_connections_received:13\r
            # Commandstats\r
            cmdstat_info:calls=11,usec=100,usec_per_call=14.29,rejected_calls=0,failed_calls=0\r
            cmdstat_config|get:calls=0,usec=0,usec_per_call=0.00,rejected_calls=5,failed_calls=0\r
            cmdstat_ping:calls=4,usec=4,usec_per_call=1.00,rejected_calls=0,failed_calls=0\r
            """;

    @Test
    void countsRejectedCallsAsSentAndSubtractsSnapshots() {
        CommandStats delta = CommandStats.parse(AFTER).minus(CommandStats.parse(BEFORE));

        assertThat(delta.sent()).isEqualTo(Map.of("info", 4L, "config|get", 3L, "ping", 4L));
        assertThat(delta.rejected()).isEqualTo(Map.of("config|get", 3L));
        assertThat(delta.connections()).isEqualTo(3);
        assertThat(delta.total()).isEqualTo(11);
    }

    @Test
    void leavesOutTheInfoCallsThatTookTheEarlierSnapshots() {
        CommandStats delta = CommandStats.parse(AFTER).minus(CommandStats.parse(BEFORE));

        assertThat(delta.withoutSnapshots(1, 0).sent()).containsEntry("info", 3L);
        assertThat(delta.withoutSnapshots(4, 0).sent()).doesNotContainKey("info");
    }

    @Test
    void countsASentinelsCommandsUnderOneName() {
        CommandStats sentinel = CommandStats.parseSentinel(
                "# Stats\r\ntotal_connections_received:3\r\ntotal_commands_processed:40\r\n");
        CommandStats later = CommandStats.parseSentinel(
                "# Stats\r\ntotal_connections_received:3\r\ntotal_commands_processed:52\r\n");

        CommandStats delta = later.minus(sentinel).withoutSnapshots(0, 1);

        assertThat(delta.sent()).isEqualTo(Map.of(CommandStats.SENTINEL_COMMANDS, 11L));
        assertThat(delta.plus(CommandStats.parse(AFTER).minus(CommandStats.parse(BEFORE)))
                        .total())
                .isEqualTo(22);
    }

    @Test
    void perUnitSubtractsTheBaselineRate() {
        CommandStats work = new CommandStats(Map.of("info", 210L, "ping", 2L), Map.of(), 100);
        CommandStats baseline = new CommandStats(Map.of("info", 20L, "ping", 4L), Map.of(), 0);

        // work over 5 s, baseline 10 s over 10 s: half the baseline is subtracted
        CommandsPer per = CommandsPer.of(work, 5, baseline, 10, 100);

        assertThat(per.byCommand()).isEqualTo(Map.of("info", 2.0));
        assertThat(per.commands()).isEqualTo(2.0);
        assertThat(per.connections()).isEqualTo(1.0);
    }
}
