package io.steward.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DropOldestQueueTest {

    @Test
    void evictsOldestWhenFull() throws InterruptedException {
        DropOldestQueue<String> queue = new DropOldestQueue<>(2);

        assertThat(queue.offer("a")).isEqualTo(DropOldestQueue.Offer.ADDED);
        assertThat(queue.offer("b")).isEqualTo(DropOldestQueue.Offer.ADDED);
        assertThat(queue.offer("c")).isEqualTo(DropOldestQueue.Offer.ADDED_DROPPING_OLDEST);

        assertThat(queue.take()).isEqualTo("b");
        assertThat(queue.take()).isEqualTo("c");
    }

    @Test
    void refusesOffersOnceClosedAndHandsOutTheRestThenNull() throws InterruptedException {
        DropOldestQueue<String> queue = new DropOldestQueue<>(2);
        queue.offer("a");

        queue.close();

        assertThat(queue.offer("b")).isEqualTo(DropOldestQueue.Offer.REFUSED);
        assertThat(queue.take()).isEqualTo("a");
        assertThat(queue.take()).isNull();
    }
}
