package io.steward.bench;

import java.util.ArrayList;
import java.util.List;

/** A Markdown table for the readable summaries the benchmarks print on stderr (and docs/benchmarks.md shows). */
final class TextTable {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    private TextTable(List<String> header) {
        this.header = header;
    }

    static TextTable of(String... header) {
        return new TextTable(List.of(header));
    }

    TextTable row(Object... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException(cells.length + " cells for " + header.size() + " columns");
        }
        List<String> row = new ArrayList<>();
        for (Object c : cells) {
            row.add(String.valueOf(c));
        }
        rows.add(row);
        return this;
    }

    String render() {
        StringBuilder out = new StringBuilder();
        line(out, header);
        out.append('|');
        header.forEach(h -> out.append("---|"));
        out.append('\n');
        rows.forEach(r -> line(out, r));
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells) {
        out.append('|');
        cells.forEach(c -> out.append(' ').append(c).append(" |"));
        out.append('\n');
    }

    /** {@code perSecond} in thousands with one decimal, as the tables show throughput ("7.5 k"). */
    static String thousands(double perSecond) {
        return String.format("%.1f k", perSecond / 1000.0);
    }

    static String ms(double ms) {
        return ms >= 10 ? String.format("%.0f ms", ms) : String.format("%.2f ms", ms);
    }

    static String ratio(double ratio) {
        return String.format("%.2f", ratio);
    }

    static String metOrNot(boolean met) {
        return met ? "**met**" : "**not met**";
    }
}
