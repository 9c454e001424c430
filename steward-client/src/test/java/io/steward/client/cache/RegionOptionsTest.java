package io.steward.client.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RegionOptionsTest {

    @Test
    void shouldUseDocumentedDefaults() {
        RegionOptions<String> options =
                RegionOptions.builder("products", ValueCodec.utf8()).build();

        assertThat(options.ttl()).isEqualTo(RegionOptions.DEFAULT_TTL);
        assertThat(options.nearCacheSize()).isEqualTo(RegionOptions.DEFAULT_NEAR_CACHE_SIZE);
        assertThat(options.compressionThreshold()).isEqualTo(1024);
        assertThat(options.perTenant()).isFalse();
        assertThat(options.refreshAhead()).isZero();
    }

    @Test
    void shouldNameTheFieldWhenInvalid() {
        assertThatThrownBy(() -> RegionOptions.builder("a:b", ValueCodec.utf8()).build())
                .hasMessageContaining("namespace 'a:b'");
        assertThatThrownBy(() -> RegionOptions.builder("a", ValueCodec.utf8())
                        .ttl(Duration.ZERO)
                        .build())
                .hasMessageContaining("ttl");
        assertThatThrownBy(() -> RegionOptions.builder("a", ValueCodec.utf8())
                        .refreshAhead(1.5)
                        .build())
                .hasMessageContaining("refreshAhead");
        assertThatThrownBy(() -> RegionOptions.builder("a", ValueCodec.utf8())
                        .nearCache(-1, Duration.ofMinutes(1))
                        .build())
                .hasMessageContaining("nearCacheSize");
        assertThatThrownBy(
                        () -> CacheOptions.builder().redisTimeout(Duration.ZERO).build())
                .hasMessageContaining("redisTimeout");
        assertThatThrownBy(() -> CacheOptions.builder()
                        .circuit(0, 20, 10, Duration.ofSeconds(1))
                        .build())
                .hasMessageContaining("failureRateThreshold");
    }

    record Product(String id, int stock) {}

    @Test
    void shouldRoundTripJsonCodec() {
        ValueCodec<Product> codec = ValueCodec.json(Product.class);

        assertThat(codec.decode(codec.encode(new Product("42", 7)))).isEqualTo(new Product("42", 7));
    }
}
