package io.steward.spring.boot.coordination;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code steward.locks.*} properties: how the {@link io.steward.client.lock.StewardLocks} bean keeps its
 * locks. Unset values take the {@link io.steward.client.lock.LockOptions} defaults.
 *
 * @param keyPrefix       prefix of every lock key and channel (default {@code lock:}); no braces
 * @param renew           renew held leases until release (default {@code true})
 * @param waitForReplicas WAIT mode when &gt; 0: acquisitions and renewals wait for this many replicas
 *                        (default 0, off)
 * @param waitTimeout     how long one WAIT may block (default 1 s); only with {@code wait-for-replicas}
 */
@ConfigurationProperties("steward.locks")
public record StewardLockProperties(String keyPrefix, Boolean renew, Integer waitForReplicas, Duration waitTimeout) {}
