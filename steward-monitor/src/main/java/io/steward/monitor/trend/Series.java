package io.steward.monitor.trend;

import io.steward.monitor.history.Point;
import java.util.List;
import java.util.Optional;

/** Summaries of a series of {@link Point}s, raw or rolled up. */
final class Series {

    private Series() {}

    /** The largest value of the points; empty when there are none. */
    static Optional<Double> peak(List<Point> points) {
        return points.stream().map(Point::max).max(Double::compare);
    }

    /** The mean of the underlying samples (each point weighted by its sample count); 0 when none. */
    static double average(List<Point> points) {
        double sum = 0;
        long samples = 0;
        for (Point p : points) {
            sum += p.avg() * p.samples();
            samples += p.samples();
        }
        return samples == 0 ? 0 : sum / samples;
    }

    static long samples(List<Point> points) {
        return points.stream().mapToLong(Point::samples).sum();
    }

    /**
     * How much a counter that only grows while the node runs rose over the points: the sum of the rises
     * between consecutive points, where a fall means the node restarted and counted from 0, so the
     * value after the fall is all rise. A point's {@link Point#max() max} is the counter at the end of
     * its bucket. A restart inside a bucket is missed when the counter climbs past its old value within
     * that same bucket; the rise is then understated.
     */
    static double increase(List<Point> points) {
        double total = 0;
        for (int i = 1; i < points.size(); i++) {
            double previous = points.get(i - 1).max();
            double current = points.get(i).max();
            total += current >= previous ? current - previous : current;
        }
        return total;
    }
}
