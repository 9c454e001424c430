/**
 * Collection rounds: one pass over every node and Sentinel of a deployment that yields the topology
 * as seen now, the samples for the metrics history, new slowlog and latency entries, timeline events
 * (a new master, a restarted node) and the observations the alert rules judge. Connections are kept
 * open between rounds and every node's commands are pipelined, so a round costs one round trip per
 * node.
 */
package io.steward.server.collect;
