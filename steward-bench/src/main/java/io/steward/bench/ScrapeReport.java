package io.steward.bench;

import java.util.List;
import java.util.Map;

/**
 * Result of the {@code scrape} benchmark: the daemon's {@code /metrics} against redis_exporter's on
 * the same node, the commands each sends to Redis, and the daemon's resident memory over time.
 *
 * @param benchmark  always {@code scrape}
 * @param parameters the run parameters and what was measured
 * @param dataset    what the master held
 * @param steward    what Steward ran
 * @param peer       what the peer ran
 * @param goals      the goals and whether they were met
 * @param latency    scrape latency of both, alternating over one keep-alive client
 * @param size       lines and bytes per scrape of both
 * @param promtool   {@code promtool check metrics} of one body of each (null when promtool is missing)
 * @param commands   commands and connections per scrape, and the daemon's own collection
 * @param memory     the daemon's resident memory while it watched the deployment
 */
record ScrapeReport(
        String benchmark,
        Map<String, Object> parameters,
        Map<String, Object> dataset,
        String steward,
        String peer,
        Goals goals,
        Latency latency,
        Sizes size,
        Promtool promtool,
        Commands commands,
        Memory memory) {

    /**
     * @param latencyRatioAtMost Steward's median ÷ the peer's median must be at most this
     * @param latencyRatio       the ratio of the medians
     * @param latencyMet         whether it was
     * @param rssMibAtMost       the daemon's resident memory must stay at or below this many MiB
     * @param maxRssMib          the largest sample, or null when memory was not watched
     * @param rssMet             whether it stayed below, or null when memory was not watched
     */
    record Goals(
            double latencyRatioAtMost,
            Double latencyRatio,
            boolean latencyMet,
            double rssMibAtMost,
            Double maxRssMib,
            Boolean rssMet) {}

    /**
     * @param steward        after {@link ScrapeBenchmark#WARM_UP_SCRAPES} warm-up scrapes of each
     * @param peer           the same for redis_exporter
     * @param ratioOfMedians Steward's median ÷ the peer's (the goal's figure)
     * @param steadyState    the same once the JIT has compiled the daemon's rendering path
     */
    record Latency(LatencySummary steward, LatencySummary peer, Double ratioOfMedians, SteadyState steadyState) {

        /**
         * @param afterScrapes unmeasured scrapes of each before these
         */
        record SteadyState(int afterScrapes, LatencySummary steward, LatencySummary peer, Double ratioOfMedians) {}
    }

    record Sizes(SizeSummary steward, SizeSummary peer) {}

    /**
     * @param steward problems promtool reported for Steward's body (empty: none)
     * @param peer    problems it reported for the peer's body
     */
    record Promtool(List<String> steward, List<String> peer) {}

    /**
     * @param measuredOn       the node whose {@code INFO commandstats} was read for the scrapes
     * @param stewardPerScrape commands and connections per Steward scrape (the exporter idle)
     * @param peerPerScrape    per redis_exporter scrape (Steward not scraped)
     * @param batchScrapes     scrapes per batch
     * @param collection       what the daemon sends on its own schedule
     * @param method           how the figures were obtained
     */
    record Commands(
            String measuredOn,
            CommandsPer stewardPerScrape,
            CommandsPer peerPerScrape,
            int batchScrapes,
            Collection collection,
            String method) {}

    /**
     * @param intervalSeconds   the metrics schedule
     * @param rounds            collection rounds in the measured window
     * @param windowSeconds     the window's length
     * @param perRoundFromSeries increase of {@code steward_collect_commands_total} ÷ increase of
     *                          {@code steward_collect_rounds_total} (every node and sentinel)
     * @param perRoundMeasured  every node's and sentinel's {@code INFO commandstats} over the window,
     *                          less a window of the same length with the daemon stopped, ÷ rounds;
     *                          includes the daemon's other jobs (health checks every 15 s)
     * @param masterPerRound    the same on the master alone
     */
    record Collection(
            double intervalSeconds,
            long rounds,
            double windowSeconds,
            Double perRoundFromSeries,
            CommandsPer perRoundMeasured,
            CommandsPer masterPerRound) {}

    /**
     * @param mode            {@code separate process} or {@code in-process}
     * @param command         the daemon's command line (separate process) or what ran in process
     * @param jvmFlags        the daemon JVM's flags
     * @param defaultMaxHeapMib the maximum heap a JVM without flags gets on this machine (this JVM's)
     * @param machineMemoryMib  physical memory of the machine
     * @param minutes         how long it was watched
     * @param scrapeEverySeconds how often the daemon (and the exporter) were scraped meanwhile
     * @param sampleEverySeconds how often VmRSS was read
     * @param maxRssMib       the largest VmRSS sample
     * @param finalRssMib     the last VmRSS sample
     * @param peakHwmMib      the kernel's VmHWM at the end (peak resident set)
     * @param exporterMaxRssMib the exporter's largest VmRSS sample, for context
     * @param rounds          collection rounds the daemon had finished at the end
     * @param scrapes         scrapes of the daemon during the watch
     * @param samples         [seconds since the start, VmRSS MiB of the daemon, VmRSS MiB of the exporter]
     */
    record Memory(
            String mode,
            String command,
            String jvmFlags,
            double defaultMaxHeapMib,
            double machineMemoryMib,
            int minutes,
            int scrapeEverySeconds,
            int sampleEverySeconds,
            Double maxRssMib,
            Double finalRssMib,
            Double peakHwmMib,
            Double exporterMaxRssMib,
            Long rounds,
            int scrapes,
            List<List<Double>> samples) {}
}
