/**
 * Delivers alert transitions to people: {@link io.steward.server.notify.Notifiers} builds, from the
 * {@code alerts} section of {@code steward.yaml}, a log notifier and one webhook notifier per
 * {@code notify} entry, each an {@link io.steward.server.notify.AlertNotifier}.
 *
 * <p>Only transitions whose {@link io.steward.monitor.alert.AlertTransition.Kind#notifies() kind notifies}
 * (firing, repeat, resolved) are delivered. Webhooks are posted on one daemon thread per webhook from a
 * bounded queue, so a slow or dead receiver never blocks the collection round that raised the alert;
 * when the queue is full the oldest transition is dropped and counted. Nothing here logs a webhook's
 * path or query, which may hold a token.
 */
package io.steward.server.notify;
