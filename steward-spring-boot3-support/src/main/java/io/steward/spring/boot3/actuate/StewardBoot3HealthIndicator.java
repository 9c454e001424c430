package io.steward.spring.boot3.actuate;

import io.steward.spring.boot.actuate.StewardHealth;
import io.steward.spring.boot.actuate.StewardHealthCheck;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

/**
 * Spring Boot 3's health indicator over {@link StewardHealthCheck}: {@code /actuator/health/steward}, with
 * {@link StewardHealth.Status#DEGRADED} as the custom status {@code DEGRADED}.
 */
final class StewardBoot3HealthIndicator implements HealthIndicator {

    private static final Status DEGRADED = new Status(StewardHealth.DEGRADED_CODE, "Steward can still serve");

    private final StewardHealthCheck check;

    StewardBoot3HealthIndicator(StewardHealthCheck check) {
        this.check = check;
    }

    @Override
    public Health health() {
        StewardHealth health = check.check();
        Status status =
                switch (health.status()) {
                    case UP -> Status.UP;
                    case DEGRADED -> DEGRADED;
                    case DOWN -> Status.DOWN;
                };
        return Health.status(status).withDetails(health.details()).build();
    }
}
