package io.steward.spring.boot.actuate;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Spring Boot 4's health indicator over {@link StewardHealthCheck}: {@code /actuator/health/steward}.
 * {@link StewardHealth.Status#DEGRADED} becomes the custom status {@code DEGRADED}. Boot 3's lives in
 * {@code steward-spring-boot3-support}.
 */
final class StewardHealthIndicator implements HealthIndicator {

    private static final Status DEGRADED = new Status(StewardHealth.DEGRADED_CODE, "Steward can still serve");

    private final StewardHealthCheck check;

    StewardHealthIndicator(StewardHealthCheck check) {
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
