package io.steward.ha.cluster;

import io.steward.HostAndPort;
import io.steward.ops.health.Severity;
import java.util.List;

/**
 * What {@code steward cluster check} found: every node's view of the cluster compared.
 *
 * @param nodes    the nodes asked, in the order they were found
 * @param findings every finding, passed checks included (severity {@link Severity#OK})
 */
public record ClusterCheck(List<HostAndPort> nodes, List<ClusterFinding> findings) {

    public ClusterCheck {
        nodes = List.copyOf(nodes);
        findings = List.copyOf(findings);
    }

    /** The worst severity among the findings; {@link Severity#OK} when there are none. */
    public Severity verdict() {
        return findings.stream().map(ClusterFinding::severity).reduce(Severity.OK, Severity::worst);
    }

    /** The findings that are not {@link Severity#OK}. */
    public List<ClusterFinding> problems() {
        return findings.stream().filter(f -> f.severity() != Severity.OK).toList();
    }

    /** The findings called {@code name}. */
    public List<ClusterFinding> named(String name) {
        return findings.stream().filter(f -> f.name().equals(name)).toList();
    }
}
