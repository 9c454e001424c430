package io.steward.client.token;

import static io.steward.client.token.CodeOptionsTest.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class KeyedHashTest {

    private final KeyedHash hash = new KeyedHash(secret());

    @Test
    void fieldBoundariesAreUnambiguous() {
        assertThat(hash.hex("otp", "a|b", "c")).isNotEqualTo(hash.hex("otp", "a", "b|c"));
        assertThat(hash.hex("otp", "ab", "c")).isNotEqualTo(hash.hex("otp", "a", "bc"));
        assertThat(hash.hex("otp", "a", "b")).isNotEqualTo(hash.hex("otp-key", "a", "b"));
    }

    @Test
    void dependsOnTheSecret() {
        byte[] other = secret();
        other[31] ^= 1;
        assertThat(new KeyedHash(other).hex("otp", "a")).isNotEqualTo(hash.hex("otp", "a"));
        assertThat(new KeyedHash(secret()).hex("otp", "a")).isEqualTo(hash.hex("otp", "a"));
    }

    @Test
    void keyNamesAre128BitsOfBase64url() {
        String name = hash.keyName("otp-key", "login", "alice@example.com");
        assertThat(name).hasSize(22).matches("[A-Za-z0-9_-]+");
        assertThat(hash.hex("otp", "x")).hasSize(64).matches("[0-9a-f]+");
    }

    @Test
    void identitySealOpensOnlyWithItsKey() {
        byte[] key = hash.digest("tok-id", "reset", "token");
        String sealed = IdentitySeal.seal(key, "alice@example.com", new SecureRandom());
        assertThat(sealed).doesNotContain("alice");
        assertThat(IdentitySeal.open(key, sealed)).isEqualTo("alice@example.com");
        byte[] other = Arrays.copyOf(key, key.length);
        other[0] ^= 1;
        assertThatThrownBy(() -> IdentitySeal.open(other, sealed)).isInstanceOf(IllegalStateException.class);
    }
}
