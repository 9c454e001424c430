package io.steward.ha.drill;

import io.steward.HostAndPort;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The figures of one fault. Times are milliseconds after {@link #faultAt()}; {@code null} when the
 * event was not observed (a manual failover has no {@code +sdown}; a run without a switch has no
 * switch time).
 *
 * @param run                          the run's number, from 1
 * @param mode                         how the master was taken away
 * @param durable                      whether acknowledgements waited for a replica
 * @param oldMaster                    the master the fault hit; {@code null} when the run failed before
 *                                     knowing it
 * @param newMaster                    the master after the switch; {@code null} without a switch
 * @param faultAt                      when the fault was injected; {@code null} when the run failed before
 * @param sdownMillis                  to the first {@code +sdown} of the master (Cluster: first {@code fail?} flag)
 * @param odownMillis                  to {@code +odown} (Cluster: the {@code fail} flag)
 * @param switchMillis                 to {@code +switch-master} (Cluster: the slots served by a new master)
 * @param writeGapMillis               the longest time no writer had a write acknowledged
 * @param writers                      per writer, including its longest gap and its acknowledged keys
 * @param ackedWrites                  acknowledged writes of all writers
 * @param lostAckedWrites              acknowledged keys the new master does not hold with their value;
 *                                     {@code null} when not read back (no switch, or the run failed)
 * @param oldMasterAcceptedAfterSwitch writes the old master acknowledged to a direct probe after the switch
 * @param oldMasterRefusals            what the old master answered the probe instead, by error code
 * @param oldMasterRejoined            whether the old master reported itself a replica of the new master
 * @param rejoinMillis                 to that report
 * @param throughput                   before the fault
 * @param verdict                      against the limits
 * @param findings                     why the verdict is not a pass, one sentence each
 * @param notes                        what a reader should know (a remote kill, a missed event, ...)
 */
public record DrillRun(
        int run,
        DrillMode mode,
        boolean durable,
        HostAndPort oldMaster,
        HostAndPort newMaster,
        Instant faultAt,
        Long sdownMillis,
        Long odownMillis,
        Long switchMillis,
        long writeGapMillis,
        List<WriterResult> writers,
        long ackedWrites,
        Long lostAckedWrites,
        long oldMasterAcceptedAfterSwitch,
        Map<String, Long> oldMasterRefusals,
        boolean oldMasterRejoined,
        Long rejoinMillis,
        Throughput throughput,
        DrillVerdict verdict,
        List<String> findings,
        List<String> notes) {

    public DrillRun {
        writers = List.copyOf(writers);
        oldMasterRefusals = Map.copyOf(oldMasterRefusals);
        findings = List.copyOf(findings);
        notes = List.copyOf(notes);
    }
}
