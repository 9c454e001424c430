package io.steward.spring.boot.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.steward.client.StewardClient;
import io.steward.client.lock.HeldLock;
import io.steward.client.lock.StewardLocks;
import io.steward.client.ratelimit.RateLimiter;
import io.steward.client.token.CodeVerification;
import io.steward.client.token.IssuedCode;
import io.steward.client.token.OneTimeCodes;
import io.steward.client.token.OneTimeTokens;
import io.steward.client.token.VerifyResult;
import io.steward.provision.LocalTopology;
import io.steward.provision.TopologyMode;
import io.steward.spring.boot.StewardAutoConfiguration;
import io.steward.test.RedisTopology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The coordination beans against a real standalone Redis, connecting as the ACL user {@code app}. */
@RedisTopology(mode = TopologyMode.STANDALONE)
class StewardCoordinationIT {

    @TempDir
    Path dir;

    private static ApplicationContextRunner runnerFor(LocalTopology topology) {
        topology.awaitHealthy(Duration.ofSeconds(60));
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        StewardAutoConfiguration.class, StewardCoordinationAutoConfiguration.class))
                .withPropertyValues(
                        "steward.endpoints=" + topology.master(),
                        "steward.user=app",
                        "steward.password-file=" + topology.passwordFile("app"),
                        "steward.profile=development");
    }

    @Test
    void shouldLockUnderConfiguredPrefixAndCloseLocksWithContext(LocalTopology topology) {
        AtomicReference<StewardLocks> locks = new AtomicReference<>();
        runnerFor(topology)
                .withPropertyValues("steward.locks.key-prefix=boot-lock:")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    locks.set(context.getBean(StewardLocks.class));
                    Optional<HeldLock> held = locks.get().tryLock("orders", Duration.ofSeconds(30), Duration.ZERO);
                    assertThat(held).isPresent();
                    StewardClient client = context.getBean(StewardClient.class);
                    assertThat(client.commands().exists("boot-lock:{orders}")).isEqualTo(1L);
                    assertThat(locks.get().tryLock("orders", Duration.ofSeconds(30), Duration.ZERO))
                            .as("held: a second attempt without waiting is refused")
                            .isEmpty();
                    held.get().close();
                    assertThat(client.commands().exists("boot-lock:{orders}")).isZero();
                });
        assertThatThrownBy(() -> locks.get().tryLock("orders", Duration.ofSeconds(30), Duration.ZERO))
                .as("closed with the context")
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldRefuseOnceConfiguredRateLimitIsReached(LocalTopology topology) {
        runnerFor(topology)
                .withPropertyValues(
                        "steward.rate-limits.login.limits[0].algorithm=gcra",
                        "steward.rate-limits.login.limits[0].limit=3",
                        "steward.rate-limits.login.limits[0].period=1h",
                        "steward.rate-limits.login.limits[0].burst=3",
                        "steward.rate-limits.search.limits[0].algorithm=sliding-window",
                        "steward.rate-limits.search.limits[0].limit=2",
                        "steward.rate-limits.search.limits[0].period=1h")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    StewardRateLimiters limiters = context.getBean(StewardRateLimiters.class);
                    assertThat(limiters.names()).containsExactlyInAnyOrder("login", "search");

                    RateLimiter login = limiters.limiter("login");
                    String identity = "user-" + System.nanoTime();
                    for (int i = 0; i < 3; i++) {
                        assertThat(login.tryAcquire(identity).allowed())
                                .as("permit %d", i + 1)
                                .isTrue();
                    }
                    assertThat(login.tryAcquire(identity).allowed())
                            .as("the 4th")
                            .isFalse();
                    assertThat(login.tryAcquire("someone-else-" + identity).allowed())
                            .isTrue();

                    RateLimiter search = limiters.limiter("search");
                    assertThat(search.tryAcquire(identity).allowed()).isTrue();
                    assertThat(search.tryAcquire(identity).allowed()).isTrue();
                    assertThat(search.tryAcquire(identity).allowed()).isFalse();

                    assertThatThrownBy(() -> limiters.limiter("signup"))
                            .isInstanceOf(IllegalArgumentException.class)
                            .hasMessageContaining("steward.rate-limits.signup");
                });
    }

    @Test
    void shouldFailStartNamingBadRateLimitDefinition(LocalTopology topology) {
        runnerFor(topology)
                .withPropertyValues(
                        "steward.rate-limits.login.limits[0].limit=3", "steward.rate-limits.login.limits[0].period=0s")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(messages(context.getStartupFailure()))
                            .contains("steward.rate-limits.login.limits[0].period: period of '0' must be between 1 ms");
                });
    }

    @Test
    void shouldIssueAndVerifyOneTimeCodesAndTokensWithSecretFromFile(LocalTopology topology) throws IOException {
        Path secret = Files.writeString(dir.resolve("otp.secret"), "an-application-secret-of-at-least-32-bytes\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        runnerFor(topology)
                .withPropertyValues(
                        "steward.codes.secret-file=" + secret,
                        "steward.codes.digits=8",
                        "steward.codes.max-attempts=2",
                        "steward.tokens.secret-file=" + secret)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    OneTimeCodes codes = context.getBean(OneTimeCodes.class);
                    IssuedCode issued = codes.issue("user-42", "login");
                    assertThat(issued.issued()).isTrue();
                    assertThat(issued.code()).hasSize(8);
                    String wrong = issued.code().equals("00000000") ? "11111111" : "00000000";
                    CodeVerification wrongGuess = codes.verify("user-42", "login", wrong);
                    assertThat(wrongGuess.result()).isEqualTo(VerifyResult.WRONG);
                    assertThat(wrongGuess.attemptsLeft()).isEqualTo(1);
                    assertThat(codes.verify("user-42", "login", issued.code()).result())
                            .isEqualTo(VerifyResult.VALID);

                    OneTimeTokens tokens = context.getBean(OneTimeTokens.class);
                    String token = tokens.issue("user-42", "password-reset");
                    assertThat(tokens.verify("password-reset", token).identity())
                            .contains("user-42");
                    assertThat(tokens.verify("password-reset", token).result()).isEqualTo(VerifyResult.UNKNOWN);
                });
    }

    private static String messages(Throwable failure) {
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        return messages.toString();
    }
}
