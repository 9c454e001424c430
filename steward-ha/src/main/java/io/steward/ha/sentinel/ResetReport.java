package io.steward.ha.sentinel;

import io.steward.HostAndPort;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link SentinelAdmin#reset(boolean)}: the stale entries found, the Sentinels that list
 * them, and (when confirmed) what each reset did.
 *
 * @param confirmed whether resets were made; {@code false} for the plan alone
 * @param stale     the stale entries found before any reset
 * @param targets   the Sentinels to reset (those listing a stale entry), in the order they are reset
 * @param steps     one per Sentinel reset, in order; empty when not confirmed. A step that did not
 *                  recover ends the run, so later targets have no step
 */
public record ResetReport(boolean confirmed, List<StaleEntry> stale, List<HostAndPort> targets, List<Step> steps) {

    public ResetReport {
        stale = List.copyOf(stale);
        targets = List.copyOf(targets);
        steps = List.copyOf(steps);
    }

    /**
     * One Sentinel reset.
     *
     * @param sentinel  the Sentinel reset
     * @param recovered whether it listed the real replicas and the other Sentinels again in time
     * @param millis    from the reset to recovery (or to giving up)
     * @param detail    what it lists afterwards, or what was missing
     */
    public record Step(HostAndPort sentinel, boolean recovered, long millis, String detail) {
        public Step {
            Objects.requireNonNull(sentinel, "sentinel");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** Whether every target was reset and recovered; {@code true} for a plan with nothing to do. */
    public boolean succeeded() {
        return steps.size() == targets.size() && steps.stream().allMatch(Step::recovered);
    }
}
