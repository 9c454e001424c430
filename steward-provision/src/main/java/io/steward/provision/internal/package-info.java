/**
 * Process supervision, admin connections, readiness checks and cluster bootstrap behind
 * {@link io.steward.provision.LocalDeployment}. May change without notice.
 */
package io.steward.provision.internal;
