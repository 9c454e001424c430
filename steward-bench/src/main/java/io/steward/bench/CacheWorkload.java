package io.steward.bench;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The cache benchmark's workload: keys {@code 0..keys-1} drawn from Zipf(s) (key 0 the most
 * popular), 1 KiB values, a fixed share of writes. One instance is shared by all threads.
 */
final class CacheWorkload {

    private final double[] cumulative;
    private final byte[][] values;
    private final double writeShare;

    CacheWorkload(int keys, double s, int valueSize, double writeShare) {
        this.cumulative = new double[keys];
        double sum = 0;
        for (int i = 0; i < keys; i++) {
            sum += 1 / Math.pow(i + 1, s);
            cumulative[i] = sum;
        }
        for (int i = 0; i < keys; i++) {
            cumulative[i] /= sum;
        }
        this.values = new byte[64][];
        for (int i = 0; i < values.length; i++) {
            values[i] = new byte[valueSize];
            ThreadLocalRandom.current().nextBytes(values[i]);
        }
        this.writeShare = writeShare;
    }

    int keys() {
        return cumulative.length;
    }

    /** The next key, Zipf-distributed. */
    int nextKey() {
        int i = Arrays.binarySearch(cumulative, ThreadLocalRandom.current().nextDouble());
        return Math.min(i < 0 ? -i - 1 : i, cumulative.length - 1);
    }

    boolean nextIsWrite() {
        return ThreadLocalRandom.current().nextDouble() < writeShare;
    }

    byte[] value(int key) {
        return values[key & (values.length - 1)];
    }
}
