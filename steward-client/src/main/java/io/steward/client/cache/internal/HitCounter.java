package io.steward.client.cache.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.LongAdder;

/**
 * The near-cache hit count. A {@link LongAdder}'s add is an atomic instruction that costs about as much as the Caffeine
 * lookup it counts (docs/benchmarks.md, {@code cache-l1}), so here a thread claims a cell of its own once, picked by
 * its id, and then adds with a plain read and an opaque store. A thread whose cell another live thread holds adds to a
 * {@link LongAdder} instead. {@link #sum()} frees the cells of threads that have ended, moving their counts to that
 * adder, so a pool that replaces its threads does not end up on the slow path as long as something reads the count
 * now and then ({@code stats()}, a metrics scrape). Counts are exact either way.
 */
final class HitCounter {

    private static final int CELLS = 64;
    private static final VarHandle VALUE;
    private static final VarHandle OWNER;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            VALUE = lookup.findVarHandle(Cell.class, "value", long.class);
            OWNER = lookup.findVarHandle(Cell.class, "owner", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** One thread's count; padded so that two threads' cells do not share a cache line. */
    @SuppressWarnings("unused")
    private static final class Cell {
        long p1, p2, p3, p4, p5, p6, p7;
        volatile Thread owner;
        long value;
        long q1, q2, q3, q4, q5, q6, q7;
    }

    private final Cell[] cells = new Cell[CELLS];
    private final LongAdder shared = new LongAdder();

    HitCounter() {
        for (int i = 0; i < CELLS; i++) {
            cells[i] = new Cell();
        }
    }

    void increment() {
        Thread thread = Thread.currentThread();
        Cell cell = cells[(int) thread.getId() & (CELLS - 1)];
        Thread owner = cell.owner;
        if (owner == thread || (owner == null && OWNER.compareAndSet(cell, null, thread))) {
            VALUE.setOpaque(cell, cell.value + 1); // only the owner writes: no atomic add needed
        } else {
            shared.increment();
        }
    }

    synchronized long sum() {
        long sum = shared.sum();
        for (Cell cell : cells) {
            Thread owner = cell.owner;
            if (owner != null && !owner.isAlive()) {
                // the owner's last store happened-before isAlive() answered false; the volatile owner
                // write below publishes the reset to whichever thread claims the cell next
                long value = cell.value;
                shared.add(value);
                sum += value;
                cell.value = 0;
                cell.owner = null;
            } else {
                sum += (long) VALUE.getOpaque(cell);
            }
        }
        return sum;
    }
}
