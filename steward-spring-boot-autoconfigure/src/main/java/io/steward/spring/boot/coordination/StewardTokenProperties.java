package io.steward.spring.boot.coordination;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code steward.tokens.*} properties: the {@link io.steward.client.token.OneTimeTokens} bean exists when
 * {@code secret-file} is set. Unset values take the {@link io.steward.client.token.TokenOptions} defaults.
 *
 * @param secretFile the HMAC secret: a file readable by its owner only (mode 0600) holding at least 32 bytes
 *                   of text (surrounding whitespace ignored), the same on every instance
 * @param ttl        how long a token is valid (default 1 h)
 * @param keyPrefix  the start of every key (default {@code tok:}); no braces
 */
@ConfigurationProperties("steward.tokens")
public record StewardTokenProperties(Path secretFile, Duration ttl, String keyPrefix) {}
