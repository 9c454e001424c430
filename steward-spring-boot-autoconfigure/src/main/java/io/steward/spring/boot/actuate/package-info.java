/**
 * Spring Boot Actuator support for Steward: the {@code steward} health indicator (UP / DEGRADED /
 * DOWN, see {@link io.steward.spring.boot.actuate.StewardHealthCheck}), Micrometer meters of the cache
 * and the connection, and the {@code steward} endpoint (cache statistics, warming a cache on demand).
 * The logic is independent of the Boot version; Boot 4's health indicator is here, Boot 3's in
 * {@code steward-spring-boot3-support}.
 */
package io.steward.spring.boot.actuate;
