package io.steward.spring.boot.coordination;

import io.steward.ConfigException;
import io.steward.client.StewardClient;
import io.steward.client.lock.LockOptions;
import io.steward.client.lock.LostLeaseListener;
import io.steward.client.lock.StewardLocks;
import io.steward.client.token.CodeOptions;
import io.steward.client.token.OneTimeCodes;
import io.steward.client.token.OneTimeTokens;
import io.steward.client.token.TokenOptions;
import io.steward.spring.boot.OptionErrors;
import io.steward.spring.boot.SecretFile;
import io.steward.spring.boot.StewardAutoConfiguration;
import java.util.Arrays;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/**
 * The coordination beans over the application's {@link StewardClient}: {@link StewardLocks},
 * {@link StewardRateLimiters}, and {@link OneTimeCodes} / {@link OneTimeTokens} when their secret file is set.
 * Each backs off when the application defines a bean of its type. Every bean validates its properties before
 * it touches the client, so a bad setting fails the start naming its property. The services ship in the
 * {@code steward-client} jar with {@link StewardClient}, so the class condition on it covers them all.
 */
@AutoConfiguration(after = StewardAutoConfiguration.class)
@ConditionalOnClass(StewardClient.class)
@ConditionalOnBean(StewardClient.class)
public class StewardCoordinationAutoConfiguration {

    /** The fewest bytes of an HMAC secret for codes and tokens. */
    static final int MIN_SECRET_BYTES = 32;

    /**
     * Locks. {@link LockOptions} are made at start, so a bad {@code steward.locks.*} setting fails the start;
     * {@link StewardLocks} itself is lazy: it opens a connection of its own (release notifications), which an
     * application that never injects it should not carry. Closed with the context (held locks then expire with
     * their leases).
     */
    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(StewardLockProperties.class)
    static class Locks {

        /**
         * @throws ConfigException naming the {@code steward.locks.*} property of a bad setting
         */
        @Bean
        @ConditionalOnMissingBean
        LockOptions stewardLockOptions(
                StewardLockProperties properties, ObjectProvider<LostLeaseListener> onLostLease) {
            return lockOptions(properties, onLostLease.getIfUnique());
        }

        @Bean(destroyMethod = "close")
        @Lazy
        @ConditionalOnMissingBean
        StewardLocks stewardLocks(LockOptions options, StewardClient client) {
            return StewardLocks.create(client, options);
        }

        static LockOptions lockOptions(StewardLockProperties properties, LostLeaseListener onLostLease) {
            LockOptions.Builder builder = LockOptions.builder();
            if (properties.keyPrefix() != null) {
                builder.keyPrefix(properties.keyPrefix());
            }
            if (properties.renew() != null) {
                builder.renew(properties.renew());
            }
            if (properties.waitForReplicas() != null || properties.waitTimeout() != null) {
                builder.waitForReplicas(
                        properties.waitForReplicas() != null
                                ? properties.waitForReplicas()
                                : LockOptions.DEFAULT_WAIT_REPLICAS,
                        properties.waitTimeout() != null ? properties.waitTimeout() : LockOptions.DEFAULT_WAIT_TIMEOUT);
            }
            if (onLostLease != null) {
                builder.onLostLease(onLostLease);
            }
            try {
                return builder.build();
            } catch (IllegalArgumentException | NullPointerException e) {
                throw OptionErrors.rename(
                        e,
                        "steward.locks",
                        Map.of(
                                "keyPrefix", "steward.locks.key-prefix",
                                "waitReplicas", "steward.locks.wait-for-replicas",
                                "waitTimeout", "steward.locks.wait-timeout"));
            }
        }
    }

    /** The limiters of {@code steward.rate-limits.*}, all created at start. */
    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(StewardRateLimitProperties.class)
    static class RateLimiters {

        /**
         * @throws ConfigException naming the {@code steward.rate-limits.*} property of a bad definition
         */
        @Bean
        @ConditionalOnMissingBean
        StewardRateLimiters stewardRateLimiters(
                StewardRateLimitProperties properties, ObjectProvider<StewardClient> client) {
            // validated before the client is asked for, so a bad definition names its property
            Map<String, StewardRateLimiters.Definition> definitions = StewardRateLimiters.definitions(properties);
            return StewardRateLimiters.create(client.getObject(), definitions);
        }
    }

    /** One-time codes when {@code steward.codes.secret-file} is set. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "steward.codes", name = "secret-file")
    @EnableConfigurationProperties(StewardCodeProperties.class)
    static class Codes {

        /**
         * @throws ConfigException naming the {@code steward.codes.*} property of a bad setting or secret file
         */
        @Bean
        @ConditionalOnMissingBean
        OneTimeCodes oneTimeCodes(StewardCodeProperties properties, ObjectProvider<StewardClient> client) {
            CodeOptions options = codeOptions(properties); // before the client: a bad setting names its property
            return OneTimeCodes.create(client.getObject(), options);
        }

        static CodeOptions codeOptions(StewardCodeProperties properties) {
            byte[] secret = SecretFile.read(properties.secretFile(), "steward.codes.secret-file", MIN_SECRET_BYTES);
            try {
                CodeOptions.Builder builder = CodeOptions.builder(secret);
                if (properties.digits() != null) {
                    builder.digits(properties.digits());
                }
                if (properties.ttl() != null) {
                    builder.ttl(properties.ttl());
                }
                if (properties.maxAttempts() != null) {
                    builder.maxAttempts(properties.maxAttempts());
                }
                if (properties.resendCooldown() != null) {
                    builder.resendCooldown(properties.resendCooldown());
                }
                if (properties.keyPrefix() != null) {
                    builder.keyPrefix(properties.keyPrefix());
                }
                return builder.build();
            } catch (IllegalArgumentException | NullPointerException e) {
                throw OptionErrors.rename(
                        e,
                        "steward.codes",
                        Map.of(
                                "secret", "steward.codes.secret-file",
                                "digits", "steward.codes.digits",
                                "ttl", "steward.codes.ttl",
                                "maxAttempts", "steward.codes.max-attempts",
                                "resendCooldown", "steward.codes.resend-cooldown",
                                "keyPrefix", "steward.codes.key-prefix"));
            } finally {
                Arrays.fill(secret, (byte) 0); // the options keep their own copy
            }
        }
    }

    /** One-time tokens when {@code steward.tokens.secret-file} is set. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "steward.tokens", name = "secret-file")
    @EnableConfigurationProperties(StewardTokenProperties.class)
    static class Tokens {

        /**
         * @throws ConfigException naming the {@code steward.tokens.*} property of a bad setting or secret file
         */
        @Bean
        @ConditionalOnMissingBean
        OneTimeTokens oneTimeTokens(StewardTokenProperties properties, ObjectProvider<StewardClient> client) {
            TokenOptions options = tokenOptions(properties); // before the client: a bad setting names its property
            return OneTimeTokens.create(client.getObject(), options);
        }

        static TokenOptions tokenOptions(StewardTokenProperties properties) {
            byte[] secret = SecretFile.read(properties.secretFile(), "steward.tokens.secret-file", MIN_SECRET_BYTES);
            try {
                TokenOptions.Builder builder = TokenOptions.builder(secret);
                if (properties.ttl() != null) {
                    builder.ttl(properties.ttl());
                }
                if (properties.keyPrefix() != null) {
                    builder.keyPrefix(properties.keyPrefix());
                }
                return builder.build();
            } catch (IllegalArgumentException | NullPointerException e) {
                throw OptionErrors.rename(
                        e,
                        "steward.tokens",
                        Map.of(
                                "secret", "steward.tokens.secret-file",
                                "ttl", "steward.tokens.ttl",
                                "keyPrefix", "steward.tokens.key-prefix"));
            } finally {
                Arrays.fill(secret, (byte) 0);
            }
        }
    }
}
