package io.steward.client.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.steward.ConnectionFailedException;
import io.steward.client.StewardClient;
import io.steward.client.TopologyOptions;
import io.steward.provision.LocalTopology;
import io.steward.provision.TopologyMode;
import io.steward.test.RedisTopology;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@RedisTopology(mode = TopologyMode.STANDALONE)
class OneTimeCodesStandaloneIT {

    private static final byte[] SECRET = new SecureRandom().generateSeed(32);

    private StewardClient app;
    private StewardClient admin;

    @BeforeEach
    void connect(LocalTopology topology) {
        app = StewardClient.create(TopologyOptions.as(topology, "app").build());
        admin = StewardClient.create(TopologyOptions.as(topology, "admin").build());
    }

    @AfterEach
    void close() {
        app.close();
        admin.close();
    }

    private OneTimeCodes codes(String prefix) {
        return OneTimeCodes.create(
                app, CodeOptions.builder(SECRET).keyPrefix(prefix).build());
    }

    @Test
    void codeVerifiesOnceThenIsUnknown() {
        OneTimeCodes codes = codes("once:");
        IssuedCode issued = codes.issue("alice", "login");
        assertThat(issued.issued()).isTrue();
        assertThat(issued.code()).hasSize(6).containsOnlyDigits();
        assertThat(issued.expiresIn()).isEqualTo(Duration.ofMinutes(5));
        assertThat(issued.retryAfter()).isEqualTo(Duration.ofSeconds(60));

        assertThat(codes.verify("alice", "email-change", issued.code()).result())
                .as("another purpose")
                .isEqualTo(VerifyResult.UNKNOWN);
        assertThat(codes.verify("bob", "login", issued.code()).result())
                .as("another identity")
                .isEqualTo(VerifyResult.UNKNOWN);
        assertThat(codes.verify("alice", "login", issued.code()))
                .isEqualTo(new CodeVerification(VerifyResult.VALID, 0));
        assertThat(codes.verify("alice", "login", issued.code()))
                .isEqualTo(new CodeVerification(VerifyResult.UNKNOWN, 0));
        assertThat(codes.stats().issued()).isEqualTo(1);
        assertThat(codes.stats().verified()).isEqualTo(1);
        assertThat(codes.stats().unknown()).isEqualTo(3);
    }

    @Test
    void bruteForceStopsAtTheAttemptLimit() {
        OneTimeCodes codes = codes("brute:");
        String code = codes.issue("alice", "login").code();
        long value = Long.parseLong(code);
        for (int i = 1; i <= CodeOptions.DEFAULT_MAX_ATTEMPTS; i++) {
            String guess = CodeGenerator.format((value + i) % 1_000_000, 6);
            assertThat(codes.verify("alice", "login", guess))
                    .isEqualTo(new CodeVerification(VerifyResult.WRONG, CodeOptions.DEFAULT_MAX_ATTEMPTS - i));
        }
        assertThat(codes.verify("alice", "login", code).result())
                .as("the right code once the attempts are used up")
                .isEqualTo(VerifyResult.EXHAUSTED);
        assertThat(codes.verify("alice", "login", "000000").result()).isEqualTo(VerifyResult.EXHAUSTED);
        TokenStats stats = codes.stats();
        assertThat(stats.wrong()).isEqualTo(5);
        assertThat(stats.exhausted()).isEqualTo(2);
        assertThat(stats.verified()).isZero();
        assertThat(stats.failed()).isEqualTo(7);
    }

    @Test
    void codeVerifiesExactlyOnceUnder32ConcurrentVerifiers() throws Exception {
        OneTimeCodes codes = codes("race:");
        for (int round = 0; round < 3; round++) {
            String identity = "user" + round;
            String code = codes.issue(identity, "login").code();
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(32);
            try {
                List<Future<VerifyResult>> answers = new ArrayList<>();
                for (int i = 0; i < 32; i++) {
                    answers.add(pool.submit(() -> {
                        start.await();
                        return codes.verify(identity, "login", code).result();
                    }));
                }
                start.countDown();
                List<VerifyResult> results = new ArrayList<>();
                for (Future<VerifyResult> answer : answers) {
                    results.add(answer.get(30, TimeUnit.SECONDS));
                }
                assertThat(results).filteredOn(r -> r == VerifyResult.VALID).hasSize(1);
                assertThat(results).filteredOn(r -> r == VerifyResult.UNKNOWN).hasSize(31);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void expiredCodeAnswersExpired() {
        OneTimeCodes codes = OneTimeCodes.create(
                app,
                CodeOptions.builder(SECRET)
                        .keyPrefix("expired:")
                        .ttl(Duration.ofSeconds(1))
                        .resendCooldown(Duration.ZERO)
                        .build());
        String code = codes.issue("alice", "login").code();
        long issuedBy = serverMillis();
        awaitServerTimePast(issuedBy + 1000);
        assertThat(codes.verify("alice", "login", code)).isEqualTo(new CodeVerification(VerifyResult.EXPIRED, 0));
        assertThat(codes.stats().expired()).isEqualTo(1);
    }

    @Test
    void redisHoldsNeitherTheCodeNorTheIdentity() {
        OneTimeCodes codes = OneTimeCodes.create(
                app, CodeOptions.builder(SECRET).keyPrefix("hidden:").digits(10).build());
        String identity = "carol@example.com";
        String code = codes.issue(identity, "login").code();
        OneTimeTokens tokens = OneTimeTokens.create(
                app, TokenOptions.builder(SECRET).keyPrefix("hiddentok:").build());
        String token = tokens.issue(identity, "password-reset");

        List<String> everything = dumpKeySpace();
        assertThat(everything).anyMatch(s -> s.startsWith("hidden:{"));
        assertThat(everything).anyMatch(s -> s.startsWith("hiddentok:{"));
        for (String text : everything) {
            assertThat(text)
                    .doesNotContain(code)
                    .doesNotContain(identity)
                    .doesNotContain("carol")
                    .doesNotContain(token)
                    .doesNotContain("login")
                    .doesNotContain("password-reset");
        }
        assertThat(codes.verify(identity, "login", code).result()).isEqualTo(VerifyResult.VALID);
        assertThat(tokens.verify("password-reset", token).identity()).contains(identity);
    }

    @Test
    void keysDisappearAfterExpiryAndGrace() {
        OneTimeCodes codes = OneTimeCodes.create(
                app,
                CodeOptions.builder(SECRET)
                        .keyPrefix("gone:")
                        .ttl(Duration.ofSeconds(1))
                        .resendCooldown(Duration.ZERO)
                        .build());
        String code = codes.issue("alice", "login").code();
        long issuedBy = serverMillis();
        List<String> keys = keys("gone:*");
        assertThat(keys).hasSize(1);
        assertThat(admin.commands().pttl(keys.get(0))).isBetween(1001L, 2000L);

        awaitServerTimePast(issuedBy + 1000);
        assertThat(codes.verify("alice", "login", code).result())
                .as("within the grace the key still answers")
                .isEqualTo(VerifyResult.EXPIRED);
        await("the key removed by Redis after ttl + grace")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> keys("gone:*").isEmpty());
        assertThat(codes.verify("alice", "login", code).result()).isEqualTo(VerifyResult.UNKNOWN);
    }

    @Test
    void resendCooldownRefusesASecondIssue() {
        OneTimeCodes codes = codes("cooldown:");
        IssuedCode first = codes.issue("alice", "login");
        IssuedCode second = codes.issue("alice", "login");
        assertThat(second.issued()).isFalse();
        assertThat(second.code()).isNull();
        assertThat(second.expiresIn()).isZero();
        assertThat(second.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(60));
        assertThat(second.toString()).doesNotContain(first.code());
        assertThat(first.toString()).doesNotContain(first.code());
        assertThat(codes.stats().refused()).isEqualTo(1);
        assertThat(codes.verify("alice", "login", first.code()).result())
                .as("the refused issue left the first code in place")
                .isEqualTo(VerifyResult.VALID);
        assertThat(codes.issue("alice", "signup").issued())
                .as("another purpose")
                .isTrue();
    }

    @Test
    void newCodeReplacesTheOutstandingOneButKeepsTheAttemptsUsed() {
        OneTimeCodes codes = OneTimeCodes.create(
                app,
                CodeOptions.builder(SECRET)
                        .keyPrefix("replace:")
                        .maxAttempts(3)
                        .resendCooldown(Duration.ZERO)
                        .build());
        String first = codes.issue("alice", "login").code();
        String wrong = first.equals("000000") ? "000001" : "000000";
        assertThat(codes.verify("alice", "login", wrong)).isEqualTo(new CodeVerification(VerifyResult.WRONG, 2));
        String second = codes.issue("alice", "login").code();
        if (!second.equals(first)) {
            assertThat(codes.verify("alice", "login", first))
                    .as("the replaced code is a wrong guess")
                    .isEqualTo(new CodeVerification(VerifyResult.WRONG, 1));
        } else {
            codes.verify("alice", "login", wrong);
        }
        assertThat(codes.verify("alice", "login", second)).isEqualTo(new CodeVerification(VerifyResult.VALID, 0));
    }

    @Test
    void resendsNeverGiveMoreGuessesThanTheAttemptLimitWithinTheTtl() {
        OneTimeCodes codes = OneTimeCodes.create(
                app,
                CodeOptions.builder(SECRET)
                        .keyPrefix("resend:")
                        .maxAttempts(3)
                        .resendCooldown(Duration.ZERO)
                        .build());
        int wrongGuesses = 0;
        String code = null;
        for (int round = 0; round < 5; round++) {
            code = codes.issue("alice", "login").code();
            for (int guess = 0; guess < 3; guess++) {
                String wrong = CodeGenerator.format((Long.parseLong(code) + 1 + guess) % 1_000_000, 6);
                if (codes.verify("alice", "login", wrong).result() == VerifyResult.WRONG) {
                    wrongGuesses++;
                }
            }
        }

        assertThat(wrongGuesses).as("guesses over five resends").isEqualTo(3);
        assertThat(codes.verify("alice", "login", code).result()).isEqualTo(VerifyResult.EXHAUSTED);
    }

    @Test
    void attemptsStartAfreshWithTheFirstCodeIssuedAfterTheTtl() {
        OneTimeCodes codes = OneTimeCodes.create(
                app,
                CodeOptions.builder(SECRET)
                        .keyPrefix("afresh:")
                        .ttl(Duration.ofSeconds(1))
                        .maxAttempts(1)
                        .resendCooldown(Duration.ZERO)
                        .build());
        String first = codes.issue("alice", "login").code();
        long issuedBy = serverMillis();
        String wrong = first.equals("000000") ? "000001" : "000000";
        codes.verify("alice", "login", wrong);
        String resent = codes.issue("alice", "login").code();
        assertThat(codes.verify("alice", "login", resent).result()).isEqualTo(VerifyResult.EXHAUSTED);

        awaitServerTimePast(issuedBy + 1000);
        String fresh = codes.issue("alice", "login").code();

        assertThat(codes.verify("alice", "login", fresh)).isEqualTo(new CodeVerification(VerifyResult.VALID, 0));
    }

    @Test
    void tokenVerifiesOnceWithItsIdentity() {
        OneTimeTokens tokens =
                OneTimeTokens.create(app, TokenOptions.builder(SECRET).build());
        String token = tokens.issue("alice@example.com", "password-reset");
        assertThat(token).hasSize(43).matches("[A-Za-z0-9_-]+");

        assertThat(tokens.verify("email-confirm", token).result())
                .as("another purpose")
                .isEqualTo(VerifyResult.UNKNOWN);
        String tampered = (token.charAt(0) == 'A' ? "B" : "A") + token.substring(1);
        assertThat(tokens.verify("password-reset", tampered).result()).isEqualTo(VerifyResult.UNKNOWN);
        TokenVerification valid = tokens.verify("password-reset", token);
        assertThat(valid.result()).isEqualTo(VerifyResult.VALID);
        assertThat(valid.identity()).contains("alice@example.com");
        assertThat(tokens.verify("password-reset", token))
                .isEqualTo(new TokenVerification(VerifyResult.UNKNOWN, Optional.empty()));
        assertThat(tokens.stats().issued()).isEqualTo(1);
        assertThat(tokens.stats().verified()).isEqualTo(1);
        assertThat(tokens.stats().unknown()).isEqualTo(3);
    }

    @Test
    void tokenWithAnAlteredIdentityIsConsumedAndCountedAsAnError() {
        OneTimeTokens tokens = OneTimeTokens.create(
                app, TokenOptions.builder(SECRET).keyPrefix("altered:").build());
        String token = tokens.issue("alice", "password-reset");
        List<String> stored = keys("altered:*");
        assertThat(stored).hasSize(1);
        admin.commands().hset(stored.get(0), "id", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

        assertThatThrownBy(() -> tokens.verify("password-reset", token))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("consumed")
                .hasCauseInstanceOf(IllegalStateException.class);

        assertThat(tokens.stats().errors()).isEqualTo(1);
        assertThat(tokens.verify("password-reset", token).result()).isEqualTo(VerifyResult.UNKNOWN);
    }

    @Test
    void expiredTokenAnswersExpired() {
        OneTimeTokens tokens = OneTimeTokens.create(
                app,
                TokenOptions.builder(SECRET)
                        .keyPrefix("tokexp:")
                        .ttl(Duration.ofSeconds(1))
                        .build());
        String token = tokens.issue("alice", "password-reset");
        long issuedBy = serverMillis();
        awaitServerTimePast(issuedBy + 1000);
        assertThat(tokens.verify("password-reset", token).result()).isEqualTo(VerifyResult.EXPIRED);
        await("the token's key removed after ttl + grace")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> keys("tokexp:*").isEmpty());
        assertThat(tokens.verify("password-reset", token).result()).isEqualTo(VerifyResult.UNKNOWN);
    }

    @Test
    void verificationFailsClosedWhenRedisDoesNotAnswer(LocalTopology topology) {
        try (StewardClient impatient = StewardClient.create(TopologyOptions.as(topology, "app")
                .commandTimeout(Duration.ofMillis(500))
                .build())) {
            OneTimeCodes codes = OneTimeCodes.create(
                    impatient, CodeOptions.builder(SECRET).keyPrefix("closed:").build());
            String code = codes.issue("alice", "login").code();
            var master = topology.node(topology.master());
            master.pause();
            try {
                assertThatThrownBy(() -> codes.verify("alice", "login", code))
                        .isInstanceOf(ConnectionFailedException.class);
            } finally {
                master.resume();
            }
            assertThat(codes.stats().errors()).isEqualTo(1);
            // the timed-out script was sent and runs when Redis wakes: the caller cannot know whether it consumed
            // the code, so after a failure the code may be gone (documented)
            List<VerifyResult> after = new ArrayList<>();
            await("Redis answering again")
                    .atMost(Duration.ofSeconds(20))
                    .ignoreExceptions()
                    .until(() -> after.add(codes.verify("alice", "login", code).result()));
            assertThat(after.get(0)).isIn(VerifyResult.VALID, VerifyResult.UNKNOWN);
            assertThat(codes.issue("bob", "login").issued()).isTrue();
        }
    }

    @Test
    void metricsCountIssuesAndVerificationsByResult() {
        OneTimeCodes codes = codes("metrics:");
        OneTimeTokens tokens =
                OneTimeTokens.create(app, TokenOptions.builder(SECRET).build());
        MeterRegistry registry = new SimpleMeterRegistry();
        new TokenMetrics(codes, "login").bindTo(registry);
        new TokenMetrics(tokens, "reset").bindTo(registry);

        String code = codes.issue("alice", "login").code();
        codes.issue("alice", "login");
        codes.verify("alice", "login", code.equals("000000") ? "000001" : "000000");
        codes.verify("alice", "login", code);
        tokens.verify("password-reset", tokens.issue("alice", "password-reset"));

        assertThat(count(registry, "steward.onetime.issued", "code", null)).isEqualTo(1);
        assertThat(count(registry, "steward.onetime.refused", "code", null)).isEqualTo(1);
        assertThat(count(registry, "steward.onetime.verifications", "code", "wrong"))
                .isEqualTo(1);
        assertThat(count(registry, "steward.onetime.verifications", "code", "valid"))
                .isEqualTo(1);
        assertThat(count(registry, "steward.onetime.verifications", "token", "valid"))
                .isEqualTo(1);
        FunctionTimer timer =
                registry.get("steward.onetime.verify").tag("kind", "code").functionTimer();
        assertThat(timer.count()).isEqualTo(2);
        assertThat(timer.totalTime(TimeUnit.NANOSECONDS)).isPositive();
    }

    private static double count(MeterRegistry registry, String name, String kind, String result) {
        var search = registry.get(name).tag("kind", kind);
        if (result != null) {
            search = search.tag("result", result);
        }
        return search.functionCounter().count();
    }

    @Test
    void documentedExampleWorks() {
        byte[] secret = SECRET; // in an application: read from a file or the environment, never from code
        StewardClient client = app;
        // --- docs/coordination.md, "One-time codes and tokens"
        OneTimeCodes codes =
                OneTimeCodes.create(client, CodeOptions.builder(secret).build());
        IssuedCode issued = codes.issue("user-42", "login");
        if (issued.issued()) {
            sendSms(issued.code()); // the only time the code can be read
        } // else: tell the user to wait issued.retryAfter()
        CodeVerification check = codes.verify("user-42", "login", typedByUser());
        boolean signedIn = check.result() == VerifyResult.VALID; // WRONG: check.attemptsLeft() more tries

        OneTimeTokens tokens =
                OneTimeTokens.create(client, TokenOptions.builder(secret).build());
        String link = "https://example.com/reset?t=" + tokens.issue("user-42", "password-reset");
        TokenVerification reset = tokens.verify("password-reset", tokenFrom(link));
        String who = reset.identity().orElseThrow(); // present only when VALID
        // ---
        assertThat(signedIn).isTrue();
        assertThat(who).isEqualTo("user-42");
    }

    private String sent;

    private void sendSms(String code) {
        sent = code;
    }

    private String typedByUser() {
        return sent;
    }

    private static String tokenFrom(String link) {
        return link.substring(link.indexOf("t=") + 2);
    }

    private long serverMillis() {
        List<String> time = admin.commands().time();
        return Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
    }

    private void awaitServerTimePast(long millis) {
        await("the server's clock past " + millis)
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> serverMillis() > millis);
    }

    private List<String> keys(String pattern) {
        RedisCommands<String, String> commands = admin.commands();
        List<String> keys = new ArrayList<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        for (int i = 0; i < 10_000 && !cursor.isFinished(); i++) {
            KeyScanCursor<String> page =
                    commands.scan(cursor, ScanArgs.Builder.matches(pattern).limit(1000));
            keys.addAll(page.getKeys());
            cursor = page;
        }
        return keys;
    }

    /** Every key name, hash field and value in the database, as text. */
    private List<String> dumpKeySpace() {
        RedisCommands<String, String> commands = admin.commands();
        List<String> out = new ArrayList<>();
        for (String key : keys("*")) {
            out.add(key);
            switch (commands.type(key)) {
                case "hash" -> {
                    Map<String, String> fields = commands.hgetall(key);
                    out.addAll(fields.keySet());
                    out.addAll(fields.values());
                }
                case "string" -> out.add(commands.get(key));
                default -> out.add(commands.type(key) + " " + key);
            }
        }
        return out.stream().filter(s -> s != null).collect(Collectors.toList());
    }
}
