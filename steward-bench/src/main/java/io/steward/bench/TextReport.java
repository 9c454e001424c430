package io.steward.bench;

/** A report with a readable summary, which {@link Main} prints on stderr beside the JSON on stdout. */
interface TextReport {

    /** Markdown: the command, the workload and the tables, as docs/benchmarks.md shows them. */
    String text();
}
