package io.steward.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.steward.HostAndPort;
import io.steward.monitor.alert.AlertEngine;
import io.steward.monitor.alert.AlertRules;
import io.steward.monitor.alert.AlertTransition;
import io.steward.monitor.alert.Observation;
import io.steward.ops.config.StewardConfig;
import io.steward.ops.config.TopologyConfig;
import io.steward.ops.health.Component;
import io.steward.ops.health.HealthCheck;
import io.steward.ops.health.HealthReport;
import io.steward.ops.health.Severity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeploymentWatchTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    @Test
    void failingJobFiresJobFailedAlertAndResolvesWhenItSucceedsAgain() {
        StewardConfig config = StewardConfig.builder(TopologyConfig.standalone(HostAndPort.of("127.0.0.1", 6379)))
                .build();
        AlertEngine engine = AlertEngine.create(DeploymentWatch.rules(config), Clock.fixed(NOW, ZoneOffset.UTC));

        List<AlertTransition> failed = engine.evaluate(List.of(Observation.builder("job backup-rdb")
                .value(DeploymentWatch.JOB_FAILED_INPUT, true)
                .value(DeploymentWatch.JOB_ERROR_INPUT, "no space left on device")
                .build()));
        List<AlertTransition> recovered = engine.evaluate(List.of(Observation.builder("job backup-rdb")
                .value(DeploymentWatch.JOB_FAILED_INPUT, false)
                .value(DeploymentWatch.JOB_ERROR_INPUT, "")
                .build()));

        assertThat(failed).singleElement().satisfies(t -> {
            assertThat(t.kind()).isEqualTo(AlertTransition.Kind.FIRING);
            assertThat(t.alert().rule()).isEqualTo(DeploymentWatch.JOB_FAILED);
            assertThat(t.alert().summary()).isEqualTo("job backup-rdb failed: no space left on device");
        });
        assertThat(recovered).singleElement().satisfies(t -> assertThat(t.kind())
                .isEqualTo(AlertTransition.Kind.RESOLVED));
    }

    @Test
    void certificateChecksBecomeExpiryObservationsOnePerTargetWithTheSoonestExpiry() {
        HealthReport report = new HealthReport(
                List.of(
                        certificate("127.0.0.1:6379", NOW.plus(Duration.ofDays(10))),
                        certificate("127.0.0.1:6379", NOW.plus(Duration.ofDays(300))),
                        certificate("/tls/ca.crt", NOW.plus(Duration.ofDays(3650))),
                        new HealthCheck(Component.REDIS, "127.0.0.1:6379", "memory", Severity.OK, "ok", Map.of())),
                NOW);

        List<Observation> observations = DeploymentWatch.certificateObservations(report);

        assertThat(observations)
                .extracting(Observation::target)
                .containsExactly("certificate 127.0.0.1:6379", "certificate /tls/ca.crt");
        assertThat(observations.get(0).duration(Observation.CERTIFICATE_EXPIRES_IN))
                .isEqualTo(Duration.ofDays(10));
        AlertEngine engine = AlertEngine.create(AlertRules.defaults(), Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(engine.evaluate(observations))
                .extracting(t -> t.alert().rule() + " " + t.alert().target())
                .containsExactly(AlertRules.CERTIFICATE_EXPIRING + " certificate 127.0.0.1:6379");
    }

    private static HealthCheck certificate(String target, Instant notAfter) {
        return new HealthCheck(
                Component.REDIS, target, "certificate", Severity.OK, "valid", Map.of("not_after", notAfter.toString()));
    }
}
