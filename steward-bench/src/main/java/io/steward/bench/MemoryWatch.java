package io.steward.bench;

import io.steward.StewardException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Watches the daemon's resident memory while it collects on its own schedule: both endpoints are
 * scraped every {@link #SCRAPE_EVERY} as Prometheus would, and {@code VmRSS} of the daemon's process
 * (and of the exporter, for context) is read every {@link #SAMPLE_EVERY}, for a fixed time.
 */
final class MemoryWatch {

    static final Duration SCRAPE_EVERY = Duration.ofSeconds(15);
    static final Duration SAMPLE_EVERY = Duration.ofSeconds(10);

    /**
     * @param maxRss      the largest daemon sample in bytes
     * @param finalRss    the last daemon sample in bytes
     * @param peakHwm     the daemon's VmHWM at the end, or -1 when unknown
     * @param exporterMaxRss the exporter's largest sample in bytes, or -1 when unknown
     * @param scrapes     scrapes of the daemon
     * @param rounds      the daemon's {@code steward_collect_rounds_total} at the last scrape, or -1
     * @param samples     [seconds since the start, daemon MiB, exporter MiB]
     */
    record Result(
            long maxRss,
            long finalRss,
            long peakHwm,
            long exporterMaxRss,
            int scrapes,
            long rounds,
            List<List<Double>> samples) {}

    private final long daemonPid;
    private final BooleanSupplier daemonAlive;
    private final Scraper daemon;
    private final long exporterPid;
    private final Scraper exporter;
    private final LongSupplier nanoTime;
    private final Consumer<String> progress;

    MemoryWatch(
            long daemonPid,
            BooleanSupplier daemonAlive,
            Scraper daemon,
            long exporterPid,
            Scraper exporter,
            LongSupplier nanoTime,
            Consumer<String> progress) {
        this.daemonPid = daemonPid;
        this.daemonAlive = daemonAlive;
        this.daemon = daemon;
        this.exporterPid = exporterPid;
        this.exporter = exporter;
        this.nanoTime = nanoTime;
        this.progress = progress;
    }

    /**
     * Watches for {@code length}, with a sample at the start and one at the end.
     *
     * @throws StewardException when the daemon exits, stops answering, or its memory cannot be read
     */
    Result run(Duration length) {
        long start = nanoTime.getAsLong();
        long end = start + length.toNanos();
        long nextScrape = start;
        long nextSample = start;
        long maxSamples = length.toNanos() / SAMPLE_EVERY.toNanos() + 2;
        long maxIterations = 4 * maxSamples + 8;
        List<List<Double>> samples = new ArrayList<>();
        long maxRss = 0;
        long finalRss = 0;
        long exporterMax = -1;
        int scrapes = 0;
        long rounds = -1;
        int lastMinute = 0;
        for (long i = 0; i < maxIterations; i++) {
            if (!daemonAlive.getAsBoolean()) {
                throw new StewardException("the daemon exited during the memory watch");
            }
            long now = nanoTime.getAsLong();
            boolean last = now >= end;
            if (now >= nextScrape && !last) {
                Scraper.Scrape s = daemon.scrape();
                scrapes++;
                rounds = Scraper.value(s.body(), "steward_collect_rounds_total")
                        .map(Double::longValue)
                        .orElse(rounds);
                exporter.scrape();
                nextScrape += SCRAPE_EVERY.toNanos();
            }
            if (now >= nextSample || last) {
                long rss = ResidentMemory.rssBytes(daemonPid)
                        .orElseThrow(() -> new StewardException("cannot read VmRSS of process " + daemonPid));
                OptionalLong exporterRss = ResidentMemory.rssBytes(exporterPid);
                maxRss = Math.max(maxRss, rss);
                finalRss = rss;
                exporterMax = Math.max(exporterMax, exporterRss.orElse(-1));
                samples.add(List.of(
                        Seconds.of(now - start),
                        ResidentMemory.mib(rss),
                        exporterRss.isPresent() ? ResidentMemory.mib(exporterRss.getAsLong()) : -1.0));
                nextSample += SAMPLE_EVERY.toNanos();
                int minute = (int) ((now - start) / 60_000_000_000L);
                if (minute > lastMinute || last) {
                    lastMinute = minute;
                    progress.accept(String.format(
                            "watch: %.1f of %d min, daemon VmRSS %.1f MiB (max %.1f), %d rounds",
                            (now - start) / 60e9,
                            length.toMinutes(),
                            ResidentMemory.mib(rss),
                            ResidentMemory.mib(maxRss),
                            rounds));
                }
            }
            if (last || samples.size() >= maxSamples) {
                break;
            }
            long wake = Math.min(Math.min(nextScrape, nextSample), end);
            Sleep.millis(Math.max(1, (wake - nanoTime.getAsLong()) / 1_000_000), "the next memory sample");
        }
        long hwm = ResidentMemory.peakBytes(daemonPid).orElse(-1);
        return new Result(maxRss, finalRss, hwm, exporterMax, scrapes, rounds, List.copyOf(samples));
    }
}
