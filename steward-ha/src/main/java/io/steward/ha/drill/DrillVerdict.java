package io.steward.ha.drill;

import java.util.Locale;

/** How a run, or a whole drill, compares with the configured timeouts and the durability asked for. */
public enum DrillVerdict {
    /** Everything within the limits. */
    PASS,
    /** The failover happened but something is worth a look (a long gap, lost writes without --durable, ...). */
    WARN,
    /** No switch, a switch past the limits, lost acknowledged writes with --durable, or no rejoin. */
    FAIL;

    /** {@code pass}, {@code warn} or {@code fail}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The worse of the two. */
    public DrillVerdict worst(DrillVerdict other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
