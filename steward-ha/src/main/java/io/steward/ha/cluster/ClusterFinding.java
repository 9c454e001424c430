package io.steward.ha.cluster;

import io.steward.ops.health.Severity;
import java.util.Objects;

/**
 * One finding of a {@link ClusterCheck}.
 *
 * @param severity how bad it is
 * @param name     a stable name: {@code node-reachable}, {@code cluster-state}, {@code node-failed},
 *                 {@code slot-agreement}, {@code slot-coverage}, {@code open-slots}, {@code replicas},
 *                 {@code replica-placement}
 * @param target   the node (HOST:PORT) or {@code cluster}
 * @param detail   what was found
 * @param fix      what to do about it; empty when nothing needs doing
 */
public record ClusterFinding(Severity severity, String name, String target, String detail, String fix) {

    public ClusterFinding {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(detail, "detail");
        fix = fix == null ? "" : fix;
    }

    static ClusterFinding ok(String name, String target, String detail) {
        return new ClusterFinding(Severity.OK, name, target, detail, "");
    }
}
