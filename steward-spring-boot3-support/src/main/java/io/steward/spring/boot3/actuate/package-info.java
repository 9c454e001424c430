/**
 * The Spring Boot 3.5 side of Steward's Actuator support: Boot 3's {@code HealthIndicator} named
 * {@code steward} over {@link io.steward.spring.boot.actuate.StewardHealthCheck}, and the DEGRADED
 * status order for Boot 3. Everything else is version-neutral and lives in
 * {@code steward-spring-boot-autoconfigure}.
 */
package io.steward.spring.boot3.actuate;
