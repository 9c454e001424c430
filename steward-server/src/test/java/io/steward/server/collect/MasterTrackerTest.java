package io.steward.server.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.steward.HostAndPort;
import io.steward.monitor.alert.AlertEngine;
import io.steward.monitor.alert.AlertRules;
import io.steward.monitor.alert.AlertTransition;
import io.steward.monitor.alert.Observation;
import io.steward.test.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MasterTrackerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final HostAndPort OLD = HostAndPort.of("127.0.0.1", 6379);
    private static final HostAndPort NEW = HostAndPort.of("127.0.0.1", 6380);
    private static final Duration INTERVAL = Duration.ofSeconds(5);

    @Test
    void shouldCountAnnouncedSwitchOnceWhenSeveralSentinelsAnnounceIt() {
        MasterTracker tracker = new MasterTracker();
        tracker.reconcile(OLD, T0, true);

        assertThat(tracker.announce(NEW, T0.plusSeconds(1))).isTrue();
        assertThat(tracker.announce(NEW, T0.plusMillis(1200))).isFalse();
        assertThat(tracker.announce(NEW, T0.plusMillis(1900))).isFalse();
        assertThat(tracker.master()).contains(NEW);
    }

    @Test
    void shouldKeepAnnouncedMasterWhenRoundStillPollsTheOldOne() {
        MasterTracker tracker = new MasterTracker();
        tracker.reconcile(OLD, T0, true);
        tracker.announce(NEW, T0.plusSeconds(1));

        MasterTracker.Reconciled r = tracker.reconcile(OLD, T0.plusSeconds(2), true);

        assertThat(r.master()).isEqualTo(NEW);
        assertThat(r.switched()).isFalse();
        assertThat(tracker.reconcile(NEW, T0.plusSeconds(3), true).switched()).isFalse();
    }

    @Test
    void shouldShowAnnouncedMasterWhileSentinelsDisagree() {
        MasterTracker tracker = new MasterTracker();
        tracker.reconcile(OLD, T0, true);
        tracker.announce(NEW, T0.plusSeconds(1));

        assertThat(tracker.reconcile(null, T0.plusSeconds(2), true).master()).isEqualTo(NEW);
    }

    @Test
    void shouldDetectSwitchByPollingWhenNoAnnouncementCanArrive() {
        MasterTracker tracker = new MasterTracker();
        tracker.reconcile(OLD, T0, false);

        MasterTracker.Reconciled r = tracker.reconcile(NEW, T0.plusSeconds(5), false);

        assertThat(r).isEqualTo(new MasterTracker.Reconciled(NEW, true, OLD));
        assertThat(tracker.announce(NEW, T0.plusSeconds(6)))
                .as("a late announcement of the polled switch")
                .isFalse();
    }

    @Test
    void shouldDetectSwitchByPollingWhenAnnouncementWasMissed() {
        MasterTracker tracker = new MasterTracker();
        tracker.reconcile(OLD, T0, true);

        assertThat(tracker.reconcile(NEW, T0.plusSeconds(5), true).switched()).isTrue();
    }

    @Test
    void shouldTakePolledMasterOnceAnnouncementIsOld() {
        MasterTracker tracker = new MasterTracker();
        tracker.reconcile(OLD, T0, true);
        tracker.announce(NEW, T0);

        Instant later = T0.plus(MasterTracker.ANNOUNCEMENT_PRECEDENCE).plusSeconds(1);
        assertThat(tracker.reconcile(OLD, later, true)).isEqualTo(new MasterTracker.Reconciled(OLD, true, NEW));
    }

    @Test
    void shouldReportSwitchOnlyWithinTheWindowAfterIt() {
        MasterTracker tracker = new MasterTracker();
        tracker.reconcile(OLD, T0, true);
        assertThat(tracker.switchedWithin(T0, INTERVAL)).isFalse();

        tracker.announce(NEW, T0.plusSeconds(1));

        assertThat(tracker.switchedWithin(T0.plusSeconds(1), INTERVAL)).isTrue();
        assertThat(tracker.switchedWithin(T0.plusSeconds(5), INTERVAL)).isTrue();
        assertThat(tracker.switchedWithin(T0.plusSeconds(6), INTERVAL)).isFalse();
    }

    @Test
    void shouldCoverClusterFailoverInTheWindow() {
        MasterTracker tracker = new MasterTracker();

        tracker.failoverSeen(T0, "new master for slots 0-5460");

        assertThat(tracker.switchedWithin(T0.plusSeconds(1), INTERVAL)).isTrue();
        assertThat(tracker.master()).isEmpty();
    }

    @Test
    void shouldAlertOncePerSwitchWithTheNewMasterEvenWhenSwitchesFollowWithinOneInterval() {
        MasterTracker tracker = new MasterTracker();
        AlertEngine engine = AlertEngine.create(AlertRules.defaults(), new MutableClock(T0));
        tracker.reconcile(OLD, T0, true);
        List<AlertTransition> notified = new ArrayList<>();

        tracker.announce(NEW, T0.plusSeconds(1));
        notified.addAll(engine.evaluate(List.of(observed(tracker, T0.plusSeconds(1)))));
        notified.addAll(engine.evaluate(List.of(observed(tracker, T0.plusMillis(1500)))));
        tracker.announce(OLD, T0.plusSeconds(2));
        notified.addAll(engine.evaluate(List.of(observed(tracker, T0.plusSeconds(2)))));
        notified.addAll(engine.evaluate(List.of(observed(tracker, T0.plusSeconds(3)))));

        assertThat(notified)
                .extracting(t -> t.kind(), t -> t.alert().summary())
                .containsExactly(
                        tuple(AlertTransition.Kind.FIRING, "steward failed over to " + NEW + " (was " + OLD + ")"),
                        tuple(AlertTransition.Kind.FIRING, "steward failed over to " + OLD + " (was " + NEW + ")"));
    }

    private static Observation observed(MasterTracker tracker, Instant at) {
        Observation.Builder o = Observation.builder("steward");
        tracker.observe(o, at, INTERVAL);
        return o.build();
    }
}
