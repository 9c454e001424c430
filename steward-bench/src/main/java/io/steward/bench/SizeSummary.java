package io.steward.bench;

import java.util.List;

/**
 * The size of the scraped bodies: the median, smallest and largest of each figure.
 *
 * @param lines   non-empty lines, {@code # HELP} and {@code # TYPE} comments included: median, min, max
 * @param samples lines that are samples: median, min, max
 * @param bytes   body bytes (uncompressed): median, min, max
 */
record SizeSummary(List<Integer> lines, List<Integer> samples, List<Integer> bytes) {

    static SizeSummary of(List<Scraper.Scrape> scrapes) {
        return new SizeSummary(
                spread(scrapes.stream().map(Scraper.Scrape::lines).toList()),
                spread(scrapes.stream().map(Scraper.Scrape::samples).toList()),
                spread(scrapes.stream().map(Scraper.Scrape::bytes).toList()));
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
