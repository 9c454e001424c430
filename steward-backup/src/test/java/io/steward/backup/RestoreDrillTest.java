package io.steward.backup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RestoreDrillTest {

    @Test
    void shouldNotTakeAsyncLoadingForTheEndOfLoading() {
        // what a Redis 7.0 server answers while it loads its RDB at start-up
        String loading = "# Persistence\r\nloading:1\r\nasync_loading:0\r\ncurrent_cow_peak:0\r\n";
        String loaded = "# Persistence\r\nloading:0\r\nasync_loading:0\r\ncurrent_cow_peak:0\r\n";

        assertThat(RestoreDrill.isLoaded(loading)).isFalse();
        assertThat(RestoreDrill.isLoaded(loaded)).isTrue();
    }
}
