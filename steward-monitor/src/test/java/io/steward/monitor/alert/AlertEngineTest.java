package io.steward.monitor.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.steward.monitor.alert.AlertTransition.Kind;
import io.steward.ops.config.AlertSeverity;
import io.steward.test.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertEngineTest {

    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    private static final String NODE = "10.0.0.1:6379";
    private static final String OTHER = "10.0.0.2:6379";

    private final MutableClock clock = new MutableClock(START);
    private final AlertEngine engine = AlertEngine.create(AlertRules.defaults(), clock);

    private static Observation memory(String target, double ratio) {
        return Observation.builder(target).up(true).memoryRatio(ratio).build();
    }

    private List<AlertTransition> after(Duration elapsed, Observation... round) {
        clock.advance(elapsed);
        return engine.evaluate(List.of(round));
    }

    private static List<Kind> kinds(List<AlertTransition> transitions) {
        return transitions.stream().map(AlertTransition::kind).toList();
    }

    @Test
    void shouldFireOnlyAfterConditionHeldForItsForDuration() {
        List<AlertTransition> first = after(Duration.ZERO, memory(NODE, 0.85));
        assertThat(kinds(first)).containsExactly(Kind.PENDING);
        assertThat(first.get(0).alert().rule()).isEqualTo(AlertRules.MEMORY_HIGH);

        assertThat(after(Duration.ofMinutes(4), memory(NODE, 0.86))).isEmpty();
        assertThat(engine.active()).singleElement().satisfies(a -> assertThat(a.state())
                .isEqualTo(AlertState.PENDING));

        List<AlertTransition> fired = after(Duration.ofMinutes(1), memory(NODE, 0.87));
        assertThat(kinds(fired)).containsExactly(Kind.FIRING);
        Alert alert = fired.get(0).alert();
        assertThat(alert.severity()).isEqualTo(AlertSeverity.WARNING);
        assertThat(alert.since()).isEqualTo(START);
        assertThat(alert.lastNotified()).isEqualTo(START.plus(Duration.ofMinutes(5)));
        assertThat(alert.summary()).isEqualTo(NODE + " uses 0.87 of maxmemory (limit 0.8)");
    }

    @Test
    void shouldFireImmediateRuleAtOnce() {
        Observation failed =
                Observation.builder(NODE).up(true).rdbLastBgsaveOk(false).build();

        List<AlertTransition> transitions = after(Duration.ZERO, failed);

        assertThat(kinds(transitions)).containsExactly(Kind.FIRING);
        assertThat(transitions.get(0).alert().rule()).isEqualTo(AlertRules.RDB_BGSAVE_ERROR);
        assertThat(transitions.get(0).alert().severity()).isEqualTo(AlertSeverity.CRITICAL);
    }

    @Test
    void shouldResolveFiringAlertWhenConditionClears() {
        Observation down = Observation.builder(NODE).up(false).build();
        after(Duration.ZERO, down);
        assertThat(kinds(after(Duration.ofMinutes(1), down))).containsExactly(Kind.FIRING);

        List<AlertTransition> resolved =
                after(Duration.ofSeconds(30), Observation.builder(NODE).up(true).build());

        assertThat(kinds(resolved)).containsExactly(Kind.RESOLVED);
        assertThat(resolved.get(0).alert().state()).isEqualTo(AlertState.RESOLVED);
        assertThat(resolved.get(0).alert().rule()).isEqualTo(AlertRules.INSTANCE_DOWN);
        assertThat(engine.active()).isEmpty();
        assertThat(kinds(engine.history())).containsExactly(Kind.PENDING, Kind.FIRING, Kind.RESOLVED);
    }

    @Test
    void shouldDropPendingAlertThatClearsWithoutNotification() {
        after(Duration.ZERO, memory(NODE, 0.9));

        List<AlertTransition> cleared = after(Duration.ofMinutes(1), memory(NODE, 0.5));

        assertThat(cleared).isEmpty();
        assertThat(engine.active()).isEmpty();
        assertThat(kinds(engine.history())).containsExactly(Kind.PENDING);

        assertThat(kinds(after(Duration.ofMinutes(1), memory(NODE, 0.9))))
                .as("a new episode starts pending again")
                .containsExactly(Kind.PENDING);
    }

    @Test
    void shouldRepeatFiringAlertAfterRepeatInterval() {
        Observation tilt =
                Observation.builder("sentinel-1:26379").sentinelTilt(true).build();
        assertThat(kinds(after(Duration.ZERO, tilt))).containsExactly(Kind.FIRING);

        assertThat(after(Duration.ofHours(3), tilt)).isEmpty();
        List<AlertTransition> repeated = after(Duration.ofHours(1), tilt);

        assertThat(kinds(repeated)).containsExactly(Kind.REPEAT);
        assertThat(repeated.get(0).alert().lastNotified()).isEqualTo(START.plus(Duration.ofHours(4)));
        assertThat(after(Duration.ofHours(3), tilt)).isEmpty();
        assertThat(kinds(after(Duration.ofHours(1), tilt))).containsExactly(Kind.REPEAT);
    }

    @Test
    void shouldRepeatFiringAlertOfTargetMissingFromRound() {
        Observation tilt =
                Observation.builder("sentinel-1:26379").sentinelTilt(true).build();
        after(Duration.ZERO, tilt);

        assertThat(kinds(after(Duration.ofHours(4)))).containsExactly(Kind.REPEAT);
    }

    @Test
    void shouldKeepOneAlertPerRuleAndTargetAcrossRounds() {
        Observation failed = Observation.builder(NODE).aofLastWriteOk(false).build();
        after(Duration.ZERO, failed);

        for (int i = 0; i < 10; i++) {
            assertThat(after(Duration.ofMinutes(1), failed)).isEmpty();
        }

        assertThat(engine.active()).hasSize(1);
        assertThat(kinds(engine.history())).containsExactly(Kind.FIRING);
    }

    @Test
    void shouldTrackTargetsIndependently() {
        after(Duration.ZERO, memory(NODE, 0.97), memory(OTHER, 0.5));
        assertThat(after(Duration.ofMinutes(1), memory(NODE, 0.97), memory(OTHER, 0.97)))
                .extracting(t -> t.alert().target(), AlertTransition::kind)
                .containsExactly(tuple(OTHER, Kind.PENDING), tuple(OTHER, Kind.PENDING));

        List<AlertTransition> round = after(Duration.ofMinutes(1), memory(NODE, 0.97), memory(OTHER, 0.5));

        assertThat(round)
                .extracting(t -> t.alert().target(), t -> t.alert().rule(), AlertTransition::kind)
                .containsExactly(tuple(NODE, AlertRules.MEMORY_CRITICAL, Kind.FIRING));
        assertThat(engine.active()).extracting(Alert::target).containsOnly(NODE);
    }

    @Test
    void shouldNeitherPromoteNorResolveAlertsOfMissingTarget() {
        Observation down = Observation.builder(NODE).up(false).build();
        after(Duration.ZERO, down);

        assertThat(after(Duration.ofMinutes(5))).isEmpty();
        assertThat(engine.active()).singleElement().satisfies(a -> assertThat(a.state())
                .isEqualTo(AlertState.PENDING));

        assertThat(kinds(after(Duration.ZERO, down))).containsExactly(Kind.FIRING);
    }

    @Test
    void shouldLeaveRulesWhoseInputsAreMissingAlone() {
        after(Duration.ZERO, memory(NODE, 0.97));
        after(Duration.ofMinutes(2), memory(NODE, 0.97));

        List<AlertTransition> whileDown =
                after(Duration.ofMinutes(1), Observation.builder(NODE).up(false).build());

        assertThat(kinds(whileDown)).containsExactly(Kind.PENDING);
        assertThat(engine.active())
                .extracting(Alert::rule, Alert::state)
                .contains(tuple(AlertRules.MEMORY_CRITICAL, AlertState.FIRING));
    }

    @Test
    void shouldBoundHistory() {
        AlertEngine small = AlertEngine.create(AlertRules.defaults(), clock, Duration.ofHours(4), 2);
        for (int i = 0; i < 3; i++) {
            small.evaluate(
                    List.of(Observation.builder(NODE).failoverHappened(true).build()));
            small.evaluate(
                    List.of(Observation.builder(NODE).failoverHappened(false).build()));
        }

        assertThat(kinds(small.history())).containsExactly(Kind.FIRING, Kind.RESOLVED);
    }

    @Test
    void shouldRejectTwoObservationsOfOneTarget() {
        assertThatThrownBy(() -> engine.evaluate(List.of(memory(NODE, 0.1), memory(NODE, 0.2))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(NODE);
    }

    @Test
    void shouldFireAgainForEachNewFailoverWhileThePreviousStillFires() {
        Observation first = Observation.builder("steward")
                .failoverHappened(true)
                .failoverSwitch(1, "to 10.0.0.2:6379 (was 10.0.0.1:6379)")
                .build();
        Observation second = Observation.builder("steward")
                .failoverHappened(true)
                .failoverSwitch(2, "to 10.0.0.1:6379 (was 10.0.0.2:6379)")
                .build();

        assertThat(kinds(after(Duration.ZERO, first))).containsExactly(Kind.FIRING);
        assertThat(after(Duration.ofMillis(500), first)).isEmpty();
        List<AlertTransition> again = after(Duration.ofMillis(500), second);

        assertThat(kinds(again)).containsExactly(Kind.FIRING);
        assertThat(again.get(0).alert().summary())
                .isEqualTo("steward failed over to 10.0.0.1:6379 (was 10.0.0.2:6379)");
        assertThat(again.get(0).alert().since()).isEqualTo(START.plusSeconds(1));
        assertThat(after(Duration.ofSeconds(1), second)).isEmpty();
    }

    @Test
    void shouldDropPendingReplicationLinkAlertWhenTheReplicaIsPromoted() {
        Observation linkDown = Observation.builder(NODE)
                .up(true)
                .role("slave")
                .masterLinkUp(false)
                .build();
        Observation promoted = Observation.builder(NODE).up(true).role("master").build();

        assertThat(kinds(after(Duration.ZERO, linkDown))).containsExactly(Kind.PENDING);
        assertThat(after(Duration.ofSeconds(10), promoted)).isEmpty();
        assertThat(engine.active()).isEmpty();

        // demoted again ten minutes later: a new episode starts pending, it does not fire at once
        assertThat(kinds(after(Duration.ofMinutes(10), linkDown))).containsExactly(Kind.PENDING);
    }
}
