package io.steward.client.token;

import static io.steward.client.token.CodeOptionsTest.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TokenOptionsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        TokenOptions options = TokenOptions.builder(secret()).build();
        assertThat(options.ttl()).isEqualTo(TokenOptions.DEFAULT_TTL).isEqualTo(Duration.ofHours(1));
        assertThat(options.keyPrefix()).isEqualTo("tok:");
        assertThat(options.expiredGrace()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void roundTripsEveryField() {
        SecureRandom random = new SecureRandom();
        TokenOptions options = TokenOptions.builder(secret())
                .ttl(Duration.ofSeconds(30))
                .keyPrefix("reset:")
                .random(random)
                .build();
        assertThat(options.secret()).isEqualTo(secret());
        assertThat(options.ttl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.keyPrefix()).isEqualTo("reset:");
        assertThat(options.random()).isSameAs(random);
        assertThat(options.expiredGrace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.toString()).contains("secret=<hidden>");
    }

    @Test
    void ttlIsBoundedAtThirtyDaysWithAnErrorNamingIt() {
        assertThat(TokenOptions.builder(secret())
                        .ttl(TokenOptions.MAX_TTL)
                        .build()
                        .ttl())
                .isEqualTo(Duration.ofDays(30));
        assertThatThrownBy(() -> TokenOptions.builder(secret())
                        .ttl(Duration.ofSeconds(Long.MAX_VALUE))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ttl")
                .hasMessageContaining("PT720H");
    }

    @Test
    void rejectsAShortSecretAShortTtlAndBraces() {
        assertThatThrownBy(() -> TokenOptions.builder(new byte[16]).build()).hasMessageContaining("secret");
        assertThatThrownBy(
                        () -> TokenOptions.builder(secret()).ttl(Duration.ZERO).build())
                .hasMessageContaining("ttl");
        assertThatThrownBy(() -> TokenOptions.builder(secret()).keyPrefix("}").build())
                .hasMessageContaining("keyPrefix");
    }
}
