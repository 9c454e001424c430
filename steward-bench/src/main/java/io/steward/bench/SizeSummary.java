package io.steward.bench;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The size of the scraped bodies: the median, smallest and largest of each figure.
 *
 * @param lines   non-empty lines, {@code # HELP} and {@code # TYPE} comments included: median, min, max
 * @param samples lines that are samples: median, min, max
 * @param bytes   body bytes (uncompressed): median, min, max
 * @param samplesByPrefix samples of the first scrape by metric name up to the first '_' ({@code redis},
 *                        {@code steward}, {@code go}, {@code process}, ...)
 */
record SizeSummary(
        List<Integer> lines, List<Integer> samples, List<Integer> bytes, Map<String, Integer> samplesByPrefix) {

    SizeSummary {
        samplesByPrefix = Collections.unmodifiableMap(new TreeMap<>(samplesByPrefix));
    }

    static SizeSummary of(List<Scraper.Scrape> scrapes) {
        return new SizeSummary(
                spread(scrapes.stream().map(Scraper.Scrape::lines).toList()),
                spread(scrapes.stream().map(Scraper.Scrape::samples).toList()),
                spread(scrapes.stream().map(Scraper.Scrape::bytes).toList()),
                byPrefix(scrapes.get(0).body()));
    }

    static Map<String, Integer> byPrefix(String body) {
        Map<String, Integer> out = new TreeMap<>();
        for (String line : body.split("\n")) {
            if (!line.isEmpty() && line.charAt(0) != '#') {
                int end = line.indexOf('_');
                out.merge(end < 0 ? line : line.substring(0, end), 1, Integer::sum);
            }
        }
        return out;
    }

    int medianLines() {
        return lines.get(0);
    }

    int medianBytes() {
        return bytes.get(0);
    }

    private static List<Integer> spread(List<Integer> values) {
        List<Integer> sorted = values.stream().sorted().toList();
        return List.of(sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1));
    }
}
