package io.steward.client.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CodeOptionsTest {

    static byte[] secret() {
        byte[] secret = new byte[32];
        Arrays.fill(secret, (byte) 7);
        return secret;
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        CodeOptions options = CodeOptions.builder(secret()).build();
        assertThat(options.digits()).isEqualTo(CodeOptions.DEFAULT_DIGITS).isEqualTo(6);
        assertThat(options.ttl()).isEqualTo(CodeOptions.DEFAULT_TTL).isEqualTo(Duration.ofMinutes(5));
        assertThat(options.maxAttempts())
                .isEqualTo(CodeOptions.DEFAULT_MAX_ATTEMPTS)
                .isEqualTo(5);
        assertThat(options.resendCooldown()).isEqualTo(Duration.ofSeconds(60));
        assertThat(options.keyPrefix()).isEqualTo("otp:");
        assertThat(options.random()).isNotNull();
        assertThat(options.expiredGrace()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void roundTripsEveryField() {
        SecureRandom random = new SecureRandom();
        CodeOptions options = CodeOptions.builder(secret())
                .digits(8)
                .ttl(Duration.ofMinutes(30))
                .maxAttempts(3)
                .resendCooldown(Duration.ZERO)
                .keyPrefix("app:otp:")
                .random(random)
                .build();
        assertThat(options.secret()).isEqualTo(secret());
        assertThat(options.digits()).isEqualTo(8);
        assertThat(options.ttl()).isEqualTo(Duration.ofMinutes(30));
        assertThat(options.maxAttempts()).isEqualTo(3);
        assertThat(options.resendCooldown()).isZero();
        assertThat(options.keyPrefix()).isEqualTo("app:otp:");
        assertThat(options.random()).isSameAs(random);
        assertThat(options.expiredGrace()).isEqualTo(CodeOptions.MAX_EXPIRED_GRACE);
        assertThat(options)
                .isEqualTo(CodeOptions.builder(secret())
                        .digits(8)
                        .ttl(Duration.ofMinutes(30))
                        .maxAttempts(3)
                        .resendCooldown(Duration.ZERO)
                        .keyPrefix("app:otp:")
                        .random(random)
                        .build());
    }

    @Test
    void secretIsCopiedInAndOutAndNeverShown() {
        byte[] secret = secret();
        CodeOptions.Builder builder = CodeOptions.builder(secret);
        secret[0] = 1;
        CodeOptions options = builder.build();
        assertThat(options.secret()[0]).isEqualTo((byte) 7);
        options.secret()[1] = 1;
        assertThat(options.secret()[1]).isEqualTo((byte) 7);
        assertThat(options.toString()).contains("secret=<hidden>").doesNotContain("7, 7");
    }

    @Test
    void rejectsAShortOrMissingSecret() {
        assertThatThrownBy(() -> CodeOptions.builder(new byte[31]).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("secret");
        assertThatThrownBy(() -> CodeOptions.builder(null).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("secret");
    }

    @Test
    void rejectsDigitsOutsideFourToTen() {
        assertThatThrownBy(() -> CodeOptions.builder(secret()).digits(3).build())
                .hasMessageContaining("digits");
        assertThatThrownBy(() -> CodeOptions.builder(secret()).digits(11).build())
                .hasMessageContaining("digits");
        assertThat(CodeOptions.builder(secret()).digits(4).build().digits()).isEqualTo(4);
        assertThat(CodeOptions.builder(secret()).digits(10).build().digits()).isEqualTo(10);
    }

    @Test
    void ttlIsBoundedAtThirtyDaysWithAnErrorNamingIt() {
        assertThat(CodeOptions.builder(secret())
                        .ttl(CodeOptions.MAX_TTL)
                        .resendCooldown(Duration.ZERO)
                        .build()
                        .ttl())
                .isEqualTo(Duration.ofDays(30));
        assertThatThrownBy(() -> CodeOptions.builder(secret())
                        .ttl(CodeOptions.MAX_TTL.plusMillis(1))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ttl")
                .hasMessageContaining("PT720H");
        assertThatThrownBy(() -> CodeOptions.builder(secret())
                        .ttl(Duration.ofSeconds(Long.MAX_VALUE))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ttl");
    }

    @Test
    void rejectsBadTtlAttemptsCooldownAndPrefix() {
        assertThatThrownBy(() -> CodeOptions.builder(secret())
                        .ttl(Duration.ofMillis(999))
                        .build())
                .hasMessageContaining("ttl");
        assertThatThrownBy(() -> CodeOptions.builder(secret()).ttl(null).build())
                .hasMessageContaining("ttl");
        assertThatThrownBy(() -> CodeOptions.builder(secret()).maxAttempts(0).build())
                .hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> CodeOptions.builder(secret())
                        .resendCooldown(Duration.ofSeconds(-1))
                        .build())
                .hasMessageContaining("resendCooldown");
        assertThatThrownBy(() -> CodeOptions.builder(secret())
                        .ttl(Duration.ofMinutes(1))
                        .resendCooldown(Duration.ofMinutes(2))
                        .build())
                .hasMessageContaining("resendCooldown");
        assertThatThrownBy(
                        () -> CodeOptions.builder(secret()).keyPrefix("otp:{x}").build())
                .hasMessageContaining("keyPrefix");
        assertThatThrownBy(() -> CodeOptions.builder(secret()).keyPrefix(null).build())
                .hasMessageContaining("keyPrefix");
    }
}
