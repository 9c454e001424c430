package io.steward.spring.boot.coordination;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code steward.codes.*} properties: the {@link io.steward.client.token.OneTimeCodes} bean exists when
 * {@code secret-file} is set. Unset values take the {@link io.steward.client.token.CodeOptions} defaults.
 *
 * @param secretFile     the HMAC secret: a file readable by its owner only (mode 0600) holding at least 32
 *                       bytes of text (surrounding whitespace ignored), the same on every instance
 * @param digits         digits per code, 4 to 10 (default 6)
 * @param ttl            how long a code is valid (default 5 min)
 * @param maxAttempts    verifications per code, right or wrong (default 5)
 * @param resendCooldown the least time between two codes for one identity and purpose (default 60 s, or the
 *                       ttl when shorter)
 * @param keyPrefix      the start of every key (default {@code otp:}); no braces
 */
@ConfigurationProperties("steward.codes")
public record StewardCodeProperties(
        Path secretFile,
        Integer digits,
        Duration ttl,
        Integer maxAttempts,
        Duration resendCooldown,
        String keyPrefix) {}
