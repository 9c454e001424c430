package io.steward.bench;

/** One cache implementation under the benchmark's workload. Thread-safe. */
interface CacheContestant extends AutoCloseable {

    String name();

    /** Stores every key's value before the run, through the contestant's own write path or faster. */
    void preload(CacheWorkload workload);

    byte[] read(String key);

    void write(String key, byte[] value);

    /** Near-cache hits as a share of reads, when the contestant can tell; -1 otherwise. */
    default double nearHitShare() {
        return -1;
    }

    @Override
    void close();
}
