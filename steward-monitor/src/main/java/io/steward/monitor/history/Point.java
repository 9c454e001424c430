package io.steward.monitor.history;

import java.time.Instant;

/**
 * One point of a {@link MetricsHistory#series series}. A raw point is one sample: {@code min == avg
 * == max} and {@code samples == 1}. A rollup point summarises the samples of its bucket.
 *
 * @param at      the sample time, or the start of the bucket
 * @param avg     the mean of the samples
 * @param min     the smallest sample
 * @param max     the largest sample
 * @param samples how many samples the point summarises
 */
public record Point(Instant at, double avg, double min, double max, long samples) {}
