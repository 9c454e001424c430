/**
 * Runs the daemon's jobs on fixed intervals or five-field cron expressions. A job that throws is
 * logged and recorded in its {@link io.steward.server.schedule.JobStatus} (the daemon alerts on it)
 * and runs again at its next slot; it never stops the scheduler. Runs of one job never overlap.
 */
package io.steward.server.schedule;
