/**
 * Connections to Redis for applications: one entry point, {@link io.steward.client.StewardClient},
 * over Lettuce for standalone, Sentinel and Cluster deployments, with ACL users, TLS, profile
 * defaults for timeouts and connection settings, and typed errors.
 *
 * <p>In Sentinel mode the connection follows a failover on its own: it listens to
 * {@code +switch-master} on every sentinel, confirms the new master's role and switches, so that
 * writes resume at the switch without a restart.
 *
 * <p>Configuration is immutable ({@link io.steward.client.ClientOptions},
 * {@link io.steward.client.TlsOptions}); everything under {@code io.steward.client.internal} may
 * change without notice.
 */
package io.steward.client;
