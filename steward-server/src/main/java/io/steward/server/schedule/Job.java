package io.steward.server.schedule;

/** One unit of scheduled work. Throwing marks the run failed; the job runs again at its next slot. */
@FunctionalInterface
public interface Job {

    void run() throws Exception;
}
