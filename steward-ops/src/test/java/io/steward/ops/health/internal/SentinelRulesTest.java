package io.steward.ops.health.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.steward.HostAndPort;
import io.steward.ops.config.Thresholds;
import io.steward.ops.health.HealthCheck;
import io.steward.ops.health.HealthReport;
import io.steward.ops.health.Severity;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SentinelRulesTest {

    private static final HostAndPort MASTER = HostAndPort.of("127.0.0.1", 6379);
    private final SentinelRules rules = new SentinelRules(Thresholds.DEFAULTS, "steward");

    private static SentinelObservation healthy(int port) {
        return new SentinelObservation(
                HostAndPort.of("127.0.0.1", port),
                null,
                InfoText.sentinel().snapshot(),
                MASTER,
                "master",
                2,
                2,
                true,
                "OK 3 usable Sentinels. Quorum and failover authorization can be reached");
    }

    private static List<SentinelObservation> three() {
        return List.of(healthy(26379), healthy(26380), healthy(26381));
    }

    private static HealthCheck named(List<HealthCheck> checks, String name) {
        return checks.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void shouldBeHealthyWhenThreeSentinelsAgree() {
        List<HealthCheck> checks = rules.evaluate(three());

        assertThat(new HealthReport(checks, Instant.EPOCH).verdict()).isEqualTo(Severity.OK);
        assertThat(named(checks, "master-agreement").detail()).contains("3 Sentinel(s) agree");
    }

    @Test
    void shouldBeCriticalWhenSentinelsDisagreeOnMaster() {
        SentinelObservation h = healthy(26381);
        SentinelObservation other = new SentinelObservation(
                h.endpoint(), null, h.info(), HostAndPort.of("127.0.0.1", 6380), "master", 2, 2, true, h.quorumReply());

        HealthCheck agreement =
                named(rules.evaluate(List.of(healthy(26379), healthy(26380), other)), "master-agreement");

        assertThat(agreement.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(agreement.target()).isEqualTo("steward");
        assertThat(agreement.detail()).contains("127.0.0.1:6380 per 127.0.0.1:26381");
    }

    @Test
    void shouldBeCriticalWhenCkquorumFails() {
        SentinelObservation h = healthy(26379);
        SentinelObservation noQuorum = new SentinelObservation(
                h.endpoint(),
                null,
                h.info(),
                MASTER,
                "master",
                2,
                0,
                false,
                "NOQUORUM 1 usable Sentinels. Not enough available Sentinels to reach the specified quorum");

        HealthCheck ckquorum = named(rules.evaluate(List.of(noQuorum)), "ckquorum");

        assertThat(ckquorum.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(ckquorum.detail()).contains("NOQUORUM");
    }

    @Test
    void shouldWarnWhenSentinelIsInTilt() {
        SentinelObservation h = healthy(26379);
        SentinelObservation tilted = new SentinelObservation(
                h.endpoint(),
                null,
                InfoText.sentinel().with("sentinel_tilt", 1).snapshot(),
                MASTER,
                "master",
                2,
                2,
                true,
                h.quorumReply());

        assertThat(named(rules.evaluate(List.of(tilted, healthy(26380), healthy(26381))), "tilt")
                        .severity())
                .isEqualTo(Severity.WARN);
    }

    @Test
    void shouldWarnWhenFewerThanThreeSentinels() {
        SentinelObservation h = healthy(26379);
        SentinelObservation alone =
                new SentinelObservation(h.endpoint(), null, h.info(), MASTER, "master", 2, 1, true, h.quorumReply());

        HealthCheck count = named(rules.evaluate(List.of(alone)), "sentinels");

        assertThat(count.severity()).isEqualTo(Severity.WARN);
        assertThat(count.measured()).containsEntry("known", 2L);
    }

    @Test
    void shouldWarnNotFailWhenOneSentinelIsUnreachable() {
        List<HealthCheck> checks = rules.evaluate(List.of(
                healthy(26379),
                healthy(26380),
                SentinelObservation.unreachable(HostAndPort.of("127.0.0.1", 26381), "connection refused")));

        assertThat(new HealthReport(checks, Instant.EPOCH).verdict()).isEqualTo(Severity.WARN);
    }

    @Test
    void shouldBeCriticalWhenNoSentinelIsReachable() {
        List<HealthCheck> checks = rules.evaluate(
                List.of(SentinelObservation.unreachable(HostAndPort.of("127.0.0.1", 26379), "timed out")));

        assertThat(named(checks, "sentinels").severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void shouldBeCriticalWhenSentinelDoesNotMonitorMasterOrSeesItDown() {
        SentinelObservation h = healthy(26379);
        SentinelObservation unaware = new SentinelObservation(h.endpoint(), null, h.info(), null, "", -1, 2, false, "");
        SentinelObservation down = new SentinelObservation(
                HostAndPort.of("127.0.0.1", 26380),
                null,
                h.info(),
                MASTER,
                "s_down,o_down,master",
                2,
                2,
                true,
                h.quorumReply());

        List<HealthCheck> checks = rules.evaluate(List.of(unaware, down));

        assertThat(named(checks, "monitors-master").severity()).isEqualTo(Severity.CRITICAL);
        assertThat(named(checks, "master-status").severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void shouldWarnWhenSentinelsKnowNoReplica() {
        SentinelObservation h = healthy(26379);
        List<SentinelObservation> noReplicas = three().stream()
                .map(s -> new SentinelObservation(
                        s.endpoint(), null, h.info(), MASTER, "master", 0, 2, true, h.quorumReply()))
                .toList();

        assertThat(named(rules.evaluate(noReplicas), "failover-target").severity())
                .isEqualTo(Severity.WARN);
    }

    @Test
    void shouldPickMasterReportedByMostSentinels() {
        SentinelObservation h = healthy(26381);
        SentinelObservation other =
                new SentinelObservation(h.endpoint(), null, h.info(), HostAndPort.of("h", 1), "master", 2, 2, true, "");

        assertThat(SentinelRules.majorityMaster(List.of(healthy(26379), healthy(26380), other)))
                .isEqualTo(MASTER);
    }

    @Test
    void shouldPickNoMasterWhenOnlyAPluralityOfTheConfiguredSentinelsNamesIt() {
        SentinelObservation h = healthy(26380);
        SentinelObservation other =
                new SentinelObservation(h.endpoint(), null, h.info(), HostAndPort.of("h", 1), "master", 2, 2, true, "");
        SentinelObservation down = SentinelObservation.unreachable(HostAndPort.of("127.0.0.1", 26381), "refused");

        assertThat(SentinelRules.majorityMaster(List.of(healthy(26379), other, down)))
                .isNull();
        assertThat(SentinelRules.majorityMaster(List.of(other, healthy(26379), down)))
                .isNull();
    }
}
