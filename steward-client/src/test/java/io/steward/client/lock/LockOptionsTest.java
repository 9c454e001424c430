package io.steward.client.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LockOptionsTest {

    @Test
    void defaultsRenewWithoutWaitMode() {
        LockOptions options = LockOptions.defaults();
        assertThat(options.keyPrefix()).isEqualTo(LockOptions.DEFAULT_KEY_PREFIX);
        assertThat(options.renew()).isTrue();
        assertThat(options.waitReplicas()).isZero();
        assertThat(options.waitsForReplicas()).isFalse();
        assertThat(options.onLostLease()).isSameAs(LockOptions.DEFAULT_ON_LOST_LEASE);
    }

    @Test
    void builderRoundTrips() {
        LostLeaseListener listener = (lock, why) -> {};
        LockOptions options = LockOptions.builder()
                .keyPrefix("jobs:lock:")
                .renew(false)
                .waitForReplicas(2, Duration.ofMillis(300))
                .onLostLease(listener)
                .build();
        assertThat(options.toBuilder().build()).isEqualTo(options);
        assertThat(options.waitsForReplicas()).isTrue();
        assertThat(options.waitTimeout()).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void rejectsHashTagBracesInPrefix() {
        assertThatThrownBy(() -> LockOptions.builder().keyPrefix("lock:{x}:").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keyPrefix");
    }

    @Test
    void rejectsNegativeReplicas() {
        assertThatThrownBy(() -> LockOptions.builder()
                        .waitForReplicas(-1, Duration.ofSeconds(1))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("waitReplicas");
    }

    @Test
    void rejectsNonPositiveWaitTimeout() {
        assertThatThrownBy(() ->
                        LockOptions.builder().waitForReplicas(1, Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("waitTimeout");
    }

    @Test
    void rejectsMissingFields() {
        assertThatThrownBy(() -> LockOptions.builder().keyPrefix(null).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("keyPrefix");
        assertThatThrownBy(() -> LockOptions.builder().onLostLease(null).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("onLostLease");
    }

    @Test
    void lockKeysShareTheNameAsHashTag() {
        LockKeys keys = LockKeys.of("lock:", "orders");
        assertThat(keys.lock()).isEqualTo("lock:{orders}");
        assertThat(keys.fence()).isEqualTo("lock:{orders}:fence");
        assertThat(keys.nextInLine()).isEqualTo("lock:{orders}:next");
        assertThat(keys.channel()).isEqualTo("lock:{orders}:released");
    }
}
