/**
 * Distributed locks with fencing tokens over Redis (standalone, Sentinel, Cluster):
 * {@link io.steward.client.lock.StewardLocks#tryLock} acquires in one round trip, releases in one,
 * renews leases from one shared thread while held, tells a {@link io.steward.client.lock.LostLeaseListener}
 * when a lease is lost, and makes waiters wait for release notifications (pub/sub) instead of polling.
 * Locks are not reentrant. See docs/coordination.md.
 */
package io.steward.client.lock;
