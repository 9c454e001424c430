package io.steward.spring.boot.actuate;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code steward.health.*} properties of the {@code steward} health indicator. Whether the
 * indicator exists at all is Boot's {@code management.health.steward.enabled}.
 *
 * @param timeout       the longest one health check waits for Redis in all (default 1 s); a node that
 *                      has not answered by then is reported as not answering
 * @param replicaMaxLag how long ago a replica may last have heard from its master and still count as
 *                      in sync (default 10 s, Steward's {@code min-replicas-max-lag})
 */
@ConfigurationProperties("steward.health")
public record StewardHealthProperties(
        @DefaultValue("1s") Duration timeout, @DefaultValue("10s") Duration replicaMaxLag) {}
