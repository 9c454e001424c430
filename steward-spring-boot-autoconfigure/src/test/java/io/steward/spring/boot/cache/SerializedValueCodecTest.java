package io.steward.spring.boot.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.steward.ConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SerializedValueCodecTest {

    private final ClassLoader loader = getClass().getClassLoader();

    @Test
    void shouldReadBackValueWithinLimitsWithoutAllowList() {
        SerializedValueCodec codec = new SerializedValueCodec(loader, null);
        List<Object> value = new ArrayList<>(List.of("a", 1, Duration.ofSeconds(3)));
        assertThat(codec.decode(codec.encode(value))).isEqualTo(value);
    }

    @Test
    void shouldRefuseValueNestedDeeperThanTheLimit() {
        SerializedValueCodec codec = new SerializedValueCodec(loader, null);
        List<Object> nested = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            List<Object> outer = new ArrayList<>();
            outer.add(nested);
            nested = outer;
        }
        byte[] bytes = codec.encode(nested);
        assertThatThrownBy(() -> codec.decode(bytes))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("refused by the deserialization filter");
    }

    @Test
    void shouldRefuseClassOutsideTheAllowList() {
        SerializedValueCodec codec = new SerializedValueCodec(loader, "java.lang.*;java.util.*");
        byte[] list = codec.encode(new ArrayList<>(List.of("a", 1)));
        assertThat(codec.decode(list)).isEqualTo(List.of("a", 1));
        byte[] duration = codec.encode(Duration.ofSeconds(3)); // java.time is not allowed
        assertThatThrownBy(() -> codec.decode(duration))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("steward.cache.java-allow-list");
    }

    @Test
    void shouldNameThePropertyOfMalformedAllowList() {
        assertThatThrownBy(() -> new SerializedValueCodec(loader, "java.lang.*;maxdepth=x"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("steward.cache.java-allow-list: ");
    }
}
