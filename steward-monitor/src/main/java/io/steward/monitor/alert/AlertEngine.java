package io.steward.monitor.alert;

import io.steward.ops.config.AlertsConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns evaluation rounds into alert transitions. Each {@link #evaluate(List)} reads the time from
 * the {@link Clock} once and judges every rule against every observation of the round:
 *
 * <ul>
 *   <li>a condition first seen holding makes a {@link AlertState#PENDING} alert, or a firing one at
 *       once when the rule's {@code for} is zero;
 *   <li>a pending alert whose condition still holds {@code for} after it was first seen fires;
 *   <li>a firing alert is repeated once the repeat interval has passed since its last notification;
 *   <li>a condition that no longer holds resolves a firing alert; a pending one just disappears;
 *   <li>a firing alert whose round names another {@link Observation#occurrenceKey occurrence} than the
 *       one that fired it (a second failover while the first still fires) fires again as a new alert:
 *       one notification per event.
 * </ul>
 *
 * <p>There is at most one active alert per rule and target. A target absent from a round, or an
 * observation lacking a rule's {@link AlertRule#inputs() inputs}, is unknown rather than recovered:
 * its alerts keep their state and are neither promoted nor resolved (firing ones still repeat). The
 * collector therefore reports an unreachable node as an observation with {@code up = false}, which the
 * {@code instance-down} rule judges; the node's other rules wait until it answers again.
 *
 * <p>Thread-safe: calls are serialized.
 */
public final class AlertEngine {

    /** How long a firing alert waits before it is notified again. */
    public static final Duration DEFAULT_REPEAT_INTERVAL = AlertsConfig.DEFAULT_REPEAT_INTERVAL;
    /** How many transitions {@link #history()} keeps. */
    public static final int DEFAULT_HISTORY_LIMIT = 1000;

    private record Key(String rule, String target) {}

    private final List<AlertRule> rules;
    private final Clock clock;
    private final Duration repeatInterval;
    private final int historyLimit;
    private final Map<Key, Alert> active = new LinkedHashMap<>();
    /** The occurrence each firing alert of an event-like rule fired for. */
    private final Map<Key, Object> firedFor = new HashMap<>();

    private final Deque<AlertTransition> history = new ArrayDeque<>();

    private AlertEngine(AlertRules rules, Clock clock, Duration repeatInterval, int historyLimit) {
        this.rules = Objects.requireNonNull(rules, "rules").rules();
        this.clock = Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(repeatInterval, "repeatInterval");
        if (repeatInterval.isNegative() || repeatInterval.isZero()) {
            throw new IllegalArgumentException("repeatInterval must be positive, was " + repeatInterval);
        }
        if (historyLimit < 1) {
            throw new IllegalArgumentException("historyLimit must be at least 1, was " + historyLimit);
        }
        this.repeatInterval = repeatInterval;
        this.historyLimit = historyLimit;
    }

    /** An engine with {@link #DEFAULT_REPEAT_INTERVAL} and {@link #DEFAULT_HISTORY_LIMIT}. */
    public static AlertEngine create(AlertRules rules, Clock clock) {
        return create(rules, clock, DEFAULT_REPEAT_INTERVAL, DEFAULT_HISTORY_LIMIT);
    }

    /**
     * An engine with no active alerts.
     *
     * @throws IllegalArgumentException if the repeat interval is not positive or the history limit is below 1
     */
    public static AlertEngine create(AlertRules rules, Clock clock, Duration repeatInterval, int historyLimit) {
        return new AlertEngine(rules, clock, repeatInterval, historyLimit);
    }

    /**
     * Judges one round and returns its transitions, in observation then rule order, followed by repeats
     * of firing alerts the round did not judge.
     *
     * @param round one observation per target
     * @throws IllegalArgumentException if two observations share a target
     */
    public synchronized List<AlertTransition> evaluate(List<Observation> round) {
        Instant now = clock.instant();
        Set<String> targets = new HashSet<>();
        Set<Key> judged = new HashSet<>();
        List<AlertTransition> transitions = new ArrayList<>();
        for (Observation observation : round) {
            if (!targets.add(observation.target())) {
                throw new IllegalArgumentException("two observations of " + observation.target() + " in one round");
            }
            for (AlertRule rule : rules) {
                if (rule.canJudge(observation)) {
                    Key key = new Key(rule.name(), observation.target());
                    judged.add(key);
                    judge(rule, key, observation, now, transitions);
                }
            }
        }
        for (Map.Entry<Key, Alert> entry : active.entrySet()) {
            if (!judged.contains(entry.getKey())) {
                repeatIfDue(entry, entry.getValue().summary(), now, transitions);
            }
        }
        transitions.forEach(this::remember);
        return List.copyOf(transitions);
    }

    private void judge(AlertRule rule, Key key, Observation observation, Instant now, List<AlertTransition> out) {
        Alert current = active.get(key);
        if (!rule.condition().holds(observation)) {
            if (current != null) {
                active.remove(key);
                firedFor.remove(key);
                if (current.state() == AlertState.FIRING) {
                    Alert resolved = current.with(AlertState.RESOLVED, current.lastNotified(), current.summary());
                    out.add(new AlertTransition(AlertTransition.Kind.RESOLVED, resolved, now));
                }
            }
            return;
        }
        String summary = rule.summarize(observation);
        Object occurrence = observation.values().get(Observation.occurrenceKey(rule.name()));
        if (current != null
                && current.state() == AlertState.FIRING
                && occurrence != null
                && !occurrence.equals(firedFor.get(key))) {
            current = null; // another event: a new alert, notified as such
        }
        if (current == null) {
            Alert pending =
                    new Alert(key.rule(), key.target(), rule.severity(), AlertState.PENDING, now, null, summary);
            if (rule.forDuration().isZero()) {
                fire(key, pending, summary, now, out);
                recordOccurrence(key, occurrence);
            } else {
                active.put(key, pending);
                out.add(new AlertTransition(AlertTransition.Kind.PENDING, pending, now));
            }
        } else if (current.state() == AlertState.PENDING) {
            if (Duration.between(current.since(), now).compareTo(rule.forDuration()) >= 0) {
                fire(key, current, summary, now, out);
                recordOccurrence(key, occurrence);
            } else {
                active.put(key, current.with(AlertState.PENDING, null, summary));
            }
        } else {
            Map.Entry<Key, Alert> entry = Map.entry(key, current);
            if (!repeatIfDue(entry, summary, now, out)) {
                active.put(key, current.with(AlertState.FIRING, current.lastNotified(), summary));
            }
        }
    }

    private void fire(Key key, Alert alert, String summary, Instant now, List<AlertTransition> out) {
        Alert firing = alert.with(AlertState.FIRING, now, summary);
        active.put(key, firing);
        out.add(new AlertTransition(AlertTransition.Kind.FIRING, firing, now));
    }

    private void recordOccurrence(Key key, Object occurrence) {
        if (occurrence == null) {
            firedFor.remove(key);
        } else {
            firedFor.put(key, occurrence);
        }
    }

    private boolean repeatIfDue(Map.Entry<Key, Alert> entry, String summary, Instant now, List<AlertTransition> out) {
        Alert alert = entry.getValue();
        if (alert.state() != AlertState.FIRING
                || Duration.between(alert.lastNotified(), now).compareTo(repeatInterval) < 0) {
            return false;
        }
        Alert repeated = alert.with(AlertState.FIRING, now, summary);
        active.put(entry.getKey(), repeated);
        out.add(new AlertTransition(AlertTransition.Kind.REPEAT, repeated, now));
        return true;
    }

    private void remember(AlertTransition transition) {
        if (history.size() == historyLimit) {
            history.removeFirst();
        }
        history.addLast(transition);
    }

    /** The pending and firing alerts, oldest first. */
    public synchronized List<Alert> active() {
        return List.copyOf(active.values());
    }

    /** The latest transitions, oldest first, at most the history limit. */
    public synchronized List<AlertTransition> history() {
        return List.copyOf(history);
    }
}
