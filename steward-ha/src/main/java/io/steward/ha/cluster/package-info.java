/**
 * Redis Cluster administration: create, check, add and remove nodes, a throttled and resumable
 * rebalance, repair of open slots, and a failover that waits for the roles.
 */
package io.steward.ha.cluster;
