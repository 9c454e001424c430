package io.steward.server.notify;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded FIFO for one consumer that never blocks producers: offering to a full queue evicts the
 * oldest element. Once closed it accepts nothing and {@link #take()} returns what is left, then
 * {@code null}. Thread-safe.
 */
final class DropOldestQueue<T> {

    private final int capacity;
    private final ArrayDeque<T> elements;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmptyOrClosed = lock.newCondition();
    private boolean closed;

    DropOldestQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
        this.elements = new ArrayDeque<>(capacity);
    }

    /** The outcome of {@link #offer}. */
    enum Offer {
        ADDED,
        /** Added after evicting the oldest element. */
        ADDED_DROPPING_OLDEST,
        /** Not added: the queue is closed. */
        REFUSED
    }

    Offer offer(T element) {
        lock.lock();
        try {
            if (closed) {
                return Offer.REFUSED;
            }
            boolean full = elements.size() == capacity;
            if (full) {
                elements.removeFirst();
            }
            elements.addLast(element);
            notEmptyOrClosed.signal();
            return full ? Offer.ADDED_DROPPING_OLDEST : Offer.ADDED;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The oldest element, waiting for one while open.
     *
     * @return {@code null} once closed and empty
     * @throws InterruptedException if interrupted while waiting
     */
    T take() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (elements.isEmpty() && !closed) {
                notEmptyOrClosed.await();
            }
            return elements.pollFirst();
        } finally {
            lock.unlock();
        }
    }

    /** Refuses further offers and wakes the consumer; idempotent. */
    void close() {
        lock.lock();
        try {
            closed = true;
            notEmptyOrClosed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Removes and returns every element left, oldest first. */
    List<T> drain() {
        lock.lock();
        try {
            List<T> rest = new ArrayList<>(elements);
            elements.clear();
            return rest;
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return elements.size();
        } finally {
            lock.unlock();
        }
    }
}
