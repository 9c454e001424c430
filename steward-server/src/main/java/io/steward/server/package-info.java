/**
 * The Steward daemon: runs the schedules of {@code steward.yaml} (metrics collection, memory checks,
 * backups, trends, capacity), evaluates alerts and notifies, and serves the HTTP API, the web
 * dashboard and the Prometheus {@code /metrics} endpoint.
 */
package io.steward.server;
