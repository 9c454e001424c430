/**
 * Hardened Redis deployments: renders redis.conf, sentinel.conf and ACL files from a
 * {@link io.steward.provision.DeploymentPlan}, generates secrets and TLS material, and runs and
 * supervises local {@code redis-server} / {@code redis-sentinel} processes
 * ({@link io.steward.provision.LocalDeployment}).
 *
 * <p>Classes in {@code io.steward.provision.internal} may change without notice.
 */
package io.steward.provision;
