package io.steward.server.internal;

import io.steward.backup.VerifyReport;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What one verification asked for over HTTP has done so far: a snapshot, taken when read.
 *
 * @param id         the verification's id, such as {@code verify-3}
 * @param backupId   the backup it checks
 * @param state      where it is
 * @param queuedAt   when it was asked for
 * @param startedAt  when it started; {@code null} while queued
 * @param finishedAt when it finished; {@code null} while queued or running
 * @param bytesDone  the backup's stored bytes checked so far
 * @param bytesTotal the backup's stored bytes; 0 until the manifest is read
 * @param report     the outcome once passed or failed; {@code null} otherwise
 * @param error      why it could not run (state {@link State#ERROR}); {@code null} otherwise
 */
public record Verification(
        String id,
        String backupId,
        State state,
        Instant queuedAt,
        Instant startedAt,
        Instant finishedAt,
        long bytesDone,
        long bytesTotal,
        VerifyReport report,
        String error) {

    public Verification {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(backupId, "backupId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(queuedAt, "queuedAt");
    }

    /** Where a verification is. */
    public enum State {
        /** Waiting for the verification before it to finish. */
        QUEUED,
        RUNNING,
        /** Every check passed. */
        PASSED,
        /** A check failed: the backup is damaged; {@link #report()} says which. */
        FAILED,
        /** The verification could not run (the backup or its key is gone); see {@link #error()}. */
        ERROR;

        /** Whether it is queued or running. */
        public boolean isActive() {
            return this == QUEUED || this == RUNNING;
        }
    }

    /** {@code bytesDone / bytesTotal}, 0 to 1; empty until the total is known. */
    public OptionalDouble fraction() {
        return bytesTotal > 0
                ? OptionalDouble.of(Math.min(1.0, (double) bytesDone / bytesTotal))
                : OptionalDouble.empty();
    }
}
