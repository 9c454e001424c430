package io.steward.ops.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.steward.client.StewardClient;
import io.steward.ops.config.StewardConfig;
import io.steward.provision.LocalTopology;
import io.steward.provision.TopologyMode;
import io.steward.test.RedisTopology;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;

@RedisTopology(mode = TopologyMode.STANDALONE, tls = true)
class HealthStandaloneTlsIT {

    @Test
    void shouldJudgePresentedAndConfiguredCertificatesWhenTlsIsOn(LocalTopology topology) {
        StewardConfig config = LocalConfigs.configFor(topology, "admin");

        try (StewardClient client = LocalConfigs.clientFor(config)) {
            HealthReport report = HealthMonitor.create(config, client).check(Set.of(Component.REDIS));

            assertThat(report.problems()).isEmpty();
            assertThat(report.checks())
                    .filteredOn(c -> c.name().equals("certificate"))
                    .extracting(HealthCheck::target)
                    .contains(
                            topology.master().toString(),
                            config.tls().ca().toString(),
                            config.tls().cert().toString());
        }
    }

    @Test
    void shouldWarnThenFailAsCertificatesNearExpiry(LocalTopology topology) {
        StewardConfig config = LocalConfigs.configFor(topology, "admin");

        try (StewardClient client = LocalConfigs.clientFor(config)) {
            HealthCheck serverNow = certificateOf(
                    HealthMonitor.create(config, client).check(Set.of(Component.REDIS)),
                    topology.master().toString());
            Instant notAfter = Instant.parse((String) serverNow.measured().get("not_after"));

            Clock twentyDaysBefore = Clock.fixed(notAfter.minus(Duration.ofDays(20)), ZoneOffset.UTC);
            Clock dayBefore = Clock.fixed(notAfter.minus(Duration.ofDays(1)), ZoneOffset.UTC);

            assertThat(certificateOf(
                                    HealthMonitor.create(config, client, twentyDaysBefore)
                                            .check(Set.of(Component.REDIS)),
                                    topology.master().toString())
                            .severity())
                    .isEqualTo(Severity.WARN);
            assertThat(certificateOf(
                                    HealthMonitor.create(config, client, dayBefore)
                                            .check(Set.of(Component.REDIS)),
                                    topology.master().toString())
                            .severity())
                    .isEqualTo(Severity.CRITICAL);
        }
    }

    @Test
    void shouldWarnCannotVerifyWhenUserLacksAclPermission(LocalTopology topology) {
        StewardConfig config = LocalConfigs.configFor(topology, "monitor");

        try (StewardClient client = LocalConfigs.clientFor(config)) {
            HealthReport report = HealthMonitor.create(config, client).check(Set.of(Component.REDIS));

            assertThat(report.checks())
                    .filteredOn(c -> c.name().equals("default-user"))
                    .singleElement()
                    .satisfies(c -> {
                        assertThat(c.severity()).isEqualTo(Severity.WARN);
                        assertThat(c.detail()).isEqualTo("cannot verify: user monitor lacks ACL permission");
                    });
        }
    }

    private static HealthCheck certificateOf(HealthReport report, String target) {
        return report.checks().stream()
                .filter(c -> c.name().equals("certificate") && c.target().equals(target))
                .findFirst()
                .orElseThrow();
    }
}
