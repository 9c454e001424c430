package io.steward.spring.boot.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;

import io.steward.client.StewardClient;
import io.steward.client.lock.StewardLocks;
import io.steward.client.token.CodeOptions;
import io.steward.client.token.OneTimeCodes;
import io.steward.client.token.OneTimeTokens;
import io.steward.spring.boot.StewardAutoConfiguration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The coordination auto-configuration without a Redis server: the context starts lazily, so no client
 * connects; asking for a bean with bad properties fails before the client is created, naming the property.
 * The beans at work against Redis are in {@code StewardCoordinationIT}.
 */
class StewardCoordinationAutoConfigurationTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef-secret";

    private final ApplicationContextRunner lazy = new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(StewardAutoConfiguration.class, StewardCoordinationAutoConfiguration.class))
            .withInitializer(
                    context -> context.addBeanFactoryPostProcessor(new LazyInitializationBeanFactoryPostProcessor()));

    @TempDir
    Path dir;

    @Test
    void shouldDefineLocksAndRateLimitersButNoCodesOrTokensWithoutSecretFiles() {
        lazy.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(StewardLocks.class);
            assertThat(context).hasSingleBean(StewardRateLimiters.class);
            assertThat(context).doesNotHaveBean(OneTimeCodes.class);
            assertThat(context).doesNotHaveBean(OneTimeTokens.class);
        });
    }

    @Test
    void shouldDefineCodesAndTokensWhenTheirSecretFilesAreSet() throws IOException {
        Path secret = secretFile("rw-------", SECRET);
        lazy.withPropertyValues("steward.codes.secret-file=" + secret, "steward.tokens.secret-file=" + secret)
                .run(context -> {
                    assertThat(context).hasSingleBean(OneTimeCodes.class);
                    assertThat(context).hasSingleBean(OneTimeTokens.class);
                });
    }

    @Test
    void shouldDefineNothingWithoutStewardClientOnClassPath() throws IOException {
        Path secret = secretFile("rw-------", SECRET);
        lazy.withClassLoader(new FilteredClassLoader(StewardClient.class))
                .withPropertyValues("steward.codes.secret-file=" + secret)
                .run(context -> {
                    assertThat(context).doesNotHaveBean(StewardLocks.class);
                    assertThat(context).doesNotHaveBean(StewardRateLimiters.class);
                    assertThat(context).doesNotHaveBean(OneTimeCodes.class);
                });
    }

    @Test
    void shouldDefineNothingWithoutStewardClientBean() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(StewardCoordinationAutoConfiguration.class))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(StewardLocks.class);
                    assertThat(context).doesNotHaveBean(StewardRateLimiters.class);
                });
    }

    @Test
    void shouldBackOffForApplicationsOwnBeans() throws IOException {
        Path secret = secretFile("rw-------", SECRET);
        lazy.withPropertyValues("steward.codes.secret-file=" + secret, "steward.tokens.secret-file=" + secret)
                .withBean("myLocks", StewardLocks.class, StewardCoordinationAutoConfigurationTest::neverCreated)
                .withBean(
                        "myLimiters", StewardRateLimiters.class, StewardCoordinationAutoConfigurationTest::neverCreated)
                .withBean("myCodes", OneTimeCodes.class, StewardCoordinationAutoConfigurationTest::neverCreated)
                .withBean("myTokens", OneTimeTokens.class, StewardCoordinationAutoConfigurationTest::neverCreated)
                .run(context -> {
                    assertThat(context.getBeanNamesForType(StewardLocks.class)).containsExactly("myLocks");
                    assertThat(context.getBeanNamesForType(StewardRateLimiters.class))
                            .containsExactly("myLimiters");
                    assertThat(context.getBeanNamesForType(OneTimeCodes.class)).containsExactly("myCodes");
                    assertThat(context.getBeanNamesForType(OneTimeTokens.class)).containsExactly("myTokens");
                });
    }

    @Test
    void shouldFailNamingLockKeyPrefixWithBraces() {
        lazy.withPropertyValues("steward.locks.key-prefix=lock{x}:")
                .run(context -> assertThat(failureOf(context, StewardLocks.class))
                        .contains("steward.locks.key-prefix: keyPrefix must not contain '{' or '}'"));
    }

    @Test
    void shouldFailNamingNegativeWaitForReplicas() {
        lazy.withPropertyValues("steward.locks.wait-for-replicas=-1")
                .run(context -> assertThat(failureOf(context, StewardLocks.class))
                        .contains("steward.locks.wait-for-replicas: waitReplicas must be >= 0"));
    }

    @Test
    void shouldFailNamingRateLimitWithoutPeriod() {
        lazy.withPropertyValues("steward.rate-limits.login.limits[0].limit=5")
                .run(context -> assertThat(failureOf(context, StewardRateLimiters.class))
                        .contains("steward.rate-limits.login.limits[0].period: is required"));
    }

    @Test
    void shouldFailNamingRateLimitBelowOne() {
        lazy.withPropertyValues(
                        "steward.rate-limits.login.limits[0].algorithm=gcra",
                        "steward.rate-limits.login.limits[0].limit=5",
                        "steward.rate-limits.login.limits[0].period=1m",
                        "steward.rate-limits.login.limits[1].algorithm=sliding-window",
                        "steward.rate-limits.login.limits[1].limit=0",
                        "steward.rate-limits.login.limits[1].period=1h")
                .run(context -> assertThat(failureOf(context, StewardRateLimiters.class))
                        .contains("steward.rate-limits.login.limits[1].limit: limit of '1' must be >= 1"));
    }

    @Test
    void shouldFailNamingBurstOfSlidingWindow() {
        lazy.withPropertyValues(
                        "steward.rate-limits.api.limits[0].algorithm=sliding-window",
                        "steward.rate-limits.api.limits[0].limit=100",
                        "steward.rate-limits.api.limits[0].period=1m",
                        "steward.rate-limits.api.limits[0].burst=10")
                .run(context -> assertThat(failureOf(context, StewardRateLimiters.class))
                        .contains("steward.rate-limits.api.limits[0].burst: burst is for GCRA limits"));
    }

    @Test
    void shouldFailNamingLimiterWithoutLimits() {
        lazy.withPropertyValues("steward.rate-limits.api.fail-open=true")
                .run(context -> assertThat(failureOf(context, StewardRateLimiters.class))
                        .contains("steward.rate-limits.api.limits: rate limiter 'api' has no limits"));
    }

    @Test
    void shouldBindEveryLimitSettingOfRateLimiter() {
        lazy.withPropertyValues(
                        "steward.rate-limits.login.limits[0].name=per-minute",
                        "steward.rate-limits.login.limits[0].limit=5",
                        "steward.rate-limits.login.limits[0].period=1m",
                        "steward.rate-limits.login.limits[0].burst=2",
                        "steward.rate-limits.login.limits[1].algorithm=sliding-window",
                        "steward.rate-limits.login.limits[1].limit=20",
                        "steward.rate-limits.login.limits[1].period=1h",
                        "steward.rate-limits.login.fail-open=true",
                        "steward.rate-limits.login.key-prefix=app-rl:")
                .run(context -> {
                    StewardRateLimiters.Definition login = StewardRateLimiters.definitions(
                                    context.getBean(StewardRateLimitProperties.class))
                            .get("login");
                    assertThat(login.limits())
                            .extracting(
                                    l -> l.name(),
                                    l -> l.isSlidingWindow(),
                                    l -> l.limit(),
                                    l -> l.burst()) // a window's burst is its limit
                            .containsExactly(tuple("per-minute", false, 5L, 2L), tuple("1", true, 20L, 20L));
                    assertThat(login.options().failOpen()).isTrue();
                    assertThat(login.options().keyPrefix()).isEqualTo("app-rl:");
                });
    }

    @Test
    void shouldRefuseCodeSecretFileReadableByOthers() throws IOException {
        Path secret = secretFile("rw-r--r--", SECRET);
        lazy.withPropertyValues("steward.codes.secret-file=" + secret)
                .run(context -> assertThat(failureOf(context, OneTimeCodes.class))
                        .contains("steward.codes.secret-file: " + secret
                                + " is accessible by group or others (rw-r--r--); run: chmod 600 " + secret));
    }

    @Test
    void shouldRefuseTokenSecretFileThatIsMissing() {
        Path missing = dir.resolve("missing.secret");
        lazy.withPropertyValues("steward.tokens.secret-file=" + missing)
                .run(context -> assertThat(failureOf(context, OneTimeTokens.class))
                        .contains("steward.tokens.secret-file: " + missing + " does not exist"));
    }

    @Test
    void shouldRefuseSecretShorterThan32BytesIgnoringTrailingNewline() throws IOException {
        Path secret = secretFile("rw-------", "0123456789abcdef0123456789abcde\n"); // 31 bytes + newline
        lazy.withPropertyValues("steward.codes.secret-file=" + secret)
                .run(context -> assertThat(failureOf(context, OneTimeCodes.class))
                        .contains("steward.codes.secret-file: " + secret + " holds 31 bytes"));
    }

    @Test
    void shouldFailNamingCodeDigitsOutOfRange() throws IOException {
        Path secret = secretFile("rw-------", SECRET);
        lazy.withPropertyValues("steward.codes.secret-file=" + secret, "steward.codes.digits=3")
                .run(context -> assertThat(failureOf(context, OneTimeCodes.class))
                        .contains("steward.codes.digits: digits must be between 4 and 10"));
    }

    @Test
    void shouldFailNamingTokenTtlThatIsNotPositive() throws IOException {
        Path secret = secretFile("rw-------", SECRET);
        lazy.withPropertyValues("steward.tokens.secret-file=" + secret, "steward.tokens.ttl=0s")
                .run(context -> assertThat(failureOf(context, OneTimeTokens.class))
                        .contains("steward.tokens.ttl: ttl must be between 1 s"));
    }

    @Test
    void shouldBindCodeSettingsAndTakeSecretWithoutSurroundingWhitespace() throws IOException {
        Path secret = secretFile("rw-------", "  " + SECRET + "\n");
        CodeOptions options = StewardCoordinationAutoConfiguration.Codes.codeOptions(
                new StewardCodeProperties(secret, 8, Duration.ofMinutes(2), 3, Duration.ofSeconds(30), "app-otp:"));
        assertThat(options.secret()).isEqualTo(SECRET.getBytes(StandardCharsets.UTF_8));
        assertThat(options.digits()).isEqualTo(8);
        assertThat(options.ttl()).isEqualTo(Duration.ofMinutes(2));
        assertThat(options.maxAttempts()).isEqualTo(3);
        assertThat(options.resendCooldown()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.keyPrefix()).isEqualTo("app-otp:");
    }

    /** The messages of the failure that creating {@code type} ends in, cause by cause. */
    private static String failureOf(AssertableApplicationContext context, Class<?> type) {
        assertThat(context).hasNotFailed();
        Throwable failure = catchThrowable(() -> context.getBean(type));
        assertThat(failure).as("creating " + type.getSimpleName()).isNotNull();
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        return messages.toString();
    }

    private Path secretFile(String permissions, String content) throws IOException {
        Path file = Files.writeString(dir.resolve("steward-" + permissions.hashCode() + ".secret"), content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }

    private static <T> T neverCreated() {
        throw new AssertionError("the application's bean is not created in a lazy context that does not ask for it");
    }
}
