package io.steward.server.collect;

import io.steward.HostAndPort;
import io.steward.monitor.alert.Observation;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The daemon's belief about the current master and the last failover, fed from two sides: the
 * Sentinels' {@code +switch-master} announcements (or a cluster's slot watch), which arrive first,
 * and the collection rounds, which poll and serve as the fallback when no announcement can arrive.
 * Each switch is counted once whichever side sees it first, so the failover alert fires once per
 * switch.
 *
 * <p>Right after an announcement the Sentinels that did not lead the failover still name the old
 * master for a moment (they learn the new one from each other's hello messages); a round polled in
 * that moment must neither move the master back nor count a second switch. Within
 * {@link #ANNOUNCEMENT_PRECEDENCE} of an announcement, and while announcements can arrive, the
 * announced master therefore wins over the polled one.
 *
 * <p>Thread-safe.
 */
public final class MasterTracker {

    /** How long an announced master wins over a polled one that differs. */
    public static final Duration ANNOUNCEMENT_PRECEDENCE = Duration.ofSeconds(30);

    private HostAndPort master;
    private Instant switchedAt;
    private Instant announcedAt;
    private long switches;
    private String lastSwitch;

    /**
     * What a round should take as the master, and whether the round found a switch no announcement
     * reported.
     *
     * @param master   the master to show; {@code null} when none is known
     * @param switched whether the round detected a switch (the fallback)
     * @param previous the master before that switch; {@code null} unless {@code switched}
     */
    public record Reconciled(HostAndPort master, boolean switched, HostAndPort previous) {}

    /**
     * Records a switch to {@code newMaster} announced at {@code at}.
     *
     * @return whether it is a new switch, as opposed to another Sentinel announcing the same one or a
     *     round having polled it first: only a new switch alerts
     */
    public synchronized boolean announce(HostAndPort newMaster, Instant at) {
        Objects.requireNonNull(newMaster, "newMaster");
        Objects.requireNonNull(at, "at");
        if (newMaster.equals(master)) {
            return false;
        }
        switched(at, master, newMaster);
        announcedAt = at;
        return true;
    }

    /**
     * Records a failover that has no single master, such as a new master for some slots of a
     * cluster, so that {@link #switchedWithin} covers it.
     */
    public synchronized void failoverSeen(Instant at, String detail) {
        switchedAt = Objects.requireNonNull(at, "at");
        switches++;
        lastSwitch = Objects.requireNonNull(detail, "detail");
    }

    private void switched(Instant at, HostAndPort previous, HostAndPort newMaster) {
        master = newMaster;
        switchedAt = at;
        switches++;
        lastSwitch = "to " + newMaster + (previous == null ? "" : " (was " + previous + ")");
    }

    /**
     * Reconciles the master a round polled with what is known.
     *
     * @param polled     the master the round found; {@code null} when it found none or several
     * @param at         the round's time
     * @param announcing whether announcements can arrive now (a subscription to an answering
     *                   Sentinel): if not, the polled master wins at once
     */
    public synchronized Reconciled reconcile(HostAndPort polled, Instant at, boolean announcing) {
        boolean announcedRecently =
                announcing && announcedAt != null && at.isBefore(announcedAt.plus(ANNOUNCEMENT_PRECEDENCE));
        if (polled == null) {
            return new Reconciled(announcedRecently ? master : null, false, null);
        }
        if (master == null) {
            master = polled;
            return new Reconciled(polled, false, null);
        }
        if (polled.equals(master)) {
            return new Reconciled(master, false, null);
        }
        if (announcedRecently) {
            return new Reconciled(master, false, null);
        }
        HostAndPort previous = master;
        switched(at, previous, polled);
        return new Reconciled(polled, true, previous);
    }

    /** Whether a switch (announced or polled) happened in the {@code window} before {@code at}. */
    public synchronized boolean switchedWithin(Instant at, Duration window) {
        return switchedAt != null && at.isBefore(switchedAt.plus(window));
    }

    /**
     * Puts into {@code o} whether a switch happened in the {@code window} before {@code at} and, if so,
     * which one (its number, so each switch alerts once, and its description).
     */
    public synchronized void observe(Observation.Builder o, Instant at, Duration window) {
        boolean happened = switchedWithin(at, window);
        o.failoverHappened(happened);
        if (happened && lastSwitch != null) {
            o.failoverSwitch(switches, lastSwitch);
        }
    }

    /** The master last announced or polled. */
    public synchronized Optional<HostAndPort> master() {
        return Optional.ofNullable(master);
    }
}
