package io.steward.bench;

import java.util.List;
import java.util.Map;

/**
 * Result of the {@code up} benchmark: time from start to healthy per topology.
 *
 * @param benchmark  always {@code up}
 * @param parameters the run parameters
 * @param peer       null: there is no comparable single-command tool
 * @param peerNote   why there is no peer and no ratio
 * @param results    one entry per topology and TLS setting
 */
record UpReport(
        String benchmark, Map<String, Object> parameters, String peer, String peerNote, List<TopologyTiming> results) {

    /**
     * @param topology    standalone, sentinel or cluster
     * @param tls         whether TLS was on
     * @param runsSeconds start-to-healthy of each run
     * @param seconds     min, median and max of the runs
     */
    record TopologyTiming(String topology, boolean tls, List<Double> runsSeconds, Summary seconds) {}
}
