package io.steward.monitor.trend;

import io.steward.monitor.history.Point;
import java.util.List;

/**
 * An ordinary least-squares line through points' means over time, time measured in days.
 *
 * @param slopePerDay the change of the value per day
 * @param rSquared    the coefficient of determination, 0 to 1; 1 when every point lies on the line,
 *     including when all values are equal
 * @param points      how many points were fitted
 */
record LinearFit(double slopePerDay, double rSquared, int points) {

    private static final double MILLIS_PER_DAY = 86_400_000.0;

    /**
     * The line through {@code points}.
     *
     * @throws IllegalArgumentException with fewer than 2 points
     */
    static LinearFit of(List<Point> points) {
        int n = points.size();
        if (n < 2) {
            throw new IllegalArgumentException("a line needs at least 2 points, got " + n);
        }
        long origin = points.get(0).at().toEpochMilli();
        double[] x = new double[n];
        double[] y = new double[n];
        double sumX = 0;
        double sumY = 0;
        for (int i = 0; i < n; i++) {
            x[i] = (points.get(i).at().toEpochMilli() - origin) / MILLIS_PER_DAY;
            y[i] = points.get(i).avg();
            sumX += x[i];
            sumY += y[i];
        }
        double meanX = sumX / n;
        double meanY = sumY / n;
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            sxx += (x[i] - meanX) * (x[i] - meanX);
            sxy += (x[i] - meanX) * (y[i] - meanY);
            syy += (y[i] - meanY) * (y[i] - meanY);
        }
        double slope = sxx == 0 ? 0 : sxy / sxx;
        double residual = 0;
        for (int i = 0; i < n; i++) {
            double error = y[i] - (meanY + slope * (x[i] - meanX));
            residual += error * error;
        }
        double rSquared = syy == 0 ? 1.0 : Math.max(0.0, Math.min(1.0, 1.0 - residual / syy));
        return new LinearFit(slope, rSquared, n);
    }
}
