package io.steward.backup.internal;

import java.time.Duration;

/**
 * What one full synchronisation delivered.
 *
 * @param replicationId the server's replication id from {@code +FULLRESYNC}
 * @param offset the replication offset the RDB corresponds to
 * @param bytes RDB bytes written to the sink
 * @param diskless whether the server streamed the RDB from its forked child ({@code $EOF:} framing)
 *     rather than sending a file it had saved to disk ({@code $<length>} framing)
 * @param waitBeforePayload time from sending {@code PSYNC} to the start of the payload: the server's
 *     fork and, for diskless transfers, its {@code repl-diskless-sync-delay}
 * @param elapsed time from connecting to the end of the payload
 */
public record RdbTransfer(
        String replicationId,
        long offset,
        long bytes,
        boolean diskless,
        Duration waitBeforePayload,
        Duration elapsed) {}
