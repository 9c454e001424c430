package io.steward.client.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.steward.client.StewardClient;
import io.steward.client.TopologyOptions;
import io.steward.client.token.CodeOptions;
import io.steward.client.token.CodeVerification;
import io.steward.client.token.IssuedCode;
import io.steward.client.token.OneTimeCodes;
import io.steward.client.token.OneTimeTokens;
import io.steward.client.token.TokenOptions;
import io.steward.client.token.TokenVerification;
import io.steward.client.token.VerifyResult;
import io.steward.provision.LocalTopology;
import io.steward.provision.TopologyMode;
import io.steward.test.FaultProxy;
import io.steward.test.RedisTopology;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** Hostile probes of io.steward.client.token. Found by a hostile-user review of issue 15; each defect it showed is fixed and kept here as a regression test. */
@RedisTopology(mode = TopologyMode.STANDALONE)
class HostileTokenIT {

    private static final byte[] SECRET = new SecureRandom().generateSeed(32);

    private LocalTopology topology;
    private StewardClient app;
    private StewardClient admin;
    private String prefix;

    @BeforeEach
    void connect(LocalTopology topology, TestInfo test) {
        this.topology = topology;
        app = StewardClient.create(TopologyOptions.as(topology, "app").build());
        admin = StewardClient.create(TopologyOptions.as(topology, "admin").build());
        prefix = "h" + test.getTestMethod().orElseThrow().getName().hashCode() + ":";
    }

    @AfterEach
    void close() {
        app.close();
        admin.close();
    }

    private OneTimeCodes codes(CodeOptions.Builder b) {
        return OneTimeCodes.create(app, b.keyPrefix(prefix).build());
    }

    @Test
    void badOptionsAreRefusedNamingTheField() {
        assertThatThrownBy(() -> CodeOptions.builder(null).build()).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> CodeOptions.builder(new byte[31]).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("secret");
        assertThatThrownBy(() -> CodeOptions.builder(SECRET).digits(3).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("digits");
        assertThatThrownBy(() -> CodeOptions.builder(SECRET).digits(11).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() ->
                        CodeOptions.builder(SECRET).ttl(Duration.ofMillis(999)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ttl");
        assertThatThrownBy(() ->
                        CodeOptions.builder(SECRET).ttl(Duration.ofSeconds(-1)).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CodeOptions.builder(SECRET).maxAttempts(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> CodeOptions.builder(SECRET)
                        .resendCooldown(Duration.ofMillis(-1))
                        .build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CodeOptions.builder(SECRET)
                        .resendCooldown(Duration.ofMinutes(6))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("resendCooldown");
        assertThatThrownBy(() -> CodeOptions.builder(SECRET).keyPrefix("a}").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenOptions.builder(new byte[5]).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenOptions.builder(SECRET).ttl(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class);
        // a secret of 32 zero bytes is "at least 32 bytes" but no secret at all
        byte[] mutable = SECRET.clone();
        CodeOptions options = CodeOptions.builder(mutable).build();
        mutable[0] ^= 1;
        assertThat(options.secret()).isEqualTo(SECRET);
        options.secret()[1] ^= 1;
        assertThat(options.secret()).isEqualTo(SECRET);
    }

    /** Usability: shortening only the ttl below the default cooldown (60 s) shortens the default cooldown with it. */
    @Test
    void shorteningOnlyTheTtlShortensTheDefaultCooldownWithIt() {
        assertThat(CodeOptions.builder(SECRET)
                        .ttl(Duration.ofSeconds(30))
                        .build()
                        .resendCooldown())
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(CodeOptions.builder(SECRET).build().resendCooldown()).isEqualTo(CodeOptions.DEFAULT_RESEND_COOLDOWN);
        assertThatThrownBy(() -> CodeOptions.builder(SECRET)
                        .ttl(Duration.ofSeconds(30))
                        .resendCooldown(Duration.ofSeconds(31))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("resendCooldown");
    }

    @Test
    void nothingPrintsTheSecretOrTheCode() {
        String hex = HexFormat.of().formatHex(SECRET);
        CodeOptions co = CodeOptions.builder(SECRET).build();
        TokenOptions to = TokenOptions.builder(SECRET).build();
        assertThat(co.toString()).doesNotContain(hex).doesNotContain(java.util.Arrays.toString(SECRET));
        assertThat(to.toString()).doesNotContain(hex).doesNotContain(java.util.Arrays.toString(SECRET));
        OneTimeCodes codes = codes(CodeOptions.builder(SECRET).resendCooldown(Duration.ZERO));
        IssuedCode issued = codes.issue("alice", "login");
        assertThat(issued.toString()).doesNotContain(issued.code());
        assertThat(codes.toString()).doesNotContain(hex);
        assertThat(codes.verify("alice", "login", issued.code() + "x").toString())
                .doesNotContain(issued.code());
    }

    @Test
    void bruteForceEdgeCasesAndAlternativeSpellingsOfTheCode() {
        OneTimeCodes codes =
                codes(CodeOptions.builder(SECRET).resendCooldown(Duration.ZERO).maxAttempts(100));
        IssuedCode issued;
        int tries = 0;
        do { // a code with a leading zero
            issued = codes.issue("bob", "login");
            tries++;
        } while (issued.code().charAt(0) != '0' && tries < 500);
        String code = issued.code();
        assertThat(code).hasSize(6).matches("[0-9]{6}").startsWith("0");
        String stripped = code.replaceFirst("^0+", "");
        String fullWidth = code.chars()
                .mapToObj(c -> String.valueOf((char) (c - '0' + '０')))
                .collect(Collectors.joining());
        for (String spelling : List.of(
                stripped,
                "0" + code,
                " " + code,
                code + " ",
                code + "\n",
                fullWidth,
                "+" + code,
                code + "\0",
                "",
                "x".repeat(1 << 20))) {
            CodeVerification v = codes.verify("bob", "login", spelling);
            assertThat(v.result())
                    .as("spelling [%s]", spelling.length() > 40 ? "1MB" : spelling)
                    .isEqualTo(VerifyResult.WRONG);
        }
        assertThat(codes.verify("bob", "other-purpose", code).result()).isEqualTo(VerifyResult.UNKNOWN);
        assertThat(codes.verify("Bob", "login", code).result()).isEqualTo(VerifyResult.UNKNOWN);
        assertThat(codes.verify("bob", "login", code).result()).isEqualTo(VerifyResult.VALID);
        assertThat(codes.verify("bob", "login", code).result()).isEqualTo(VerifyResult.UNKNOWN);
    }

    @Test
    void separatorsInIdentityAndPurposeDoNotCollide() {
        OneTimeCodes codes = codes(CodeOptions.builder(SECRET).resendCooldown(Duration.ZERO));
        String code = codes.issue("a|b", "c").code();
        assertThat(codes.verify("a", "b|c", code).result()).isEqualTo(VerifyResult.UNKNOWN);
        assertThat(codes.verify("a|b", "c", code).result()).isEqualTo(VerifyResult.VALID);
        String code2 = codes.issue("a\u0000", "b").code();
        assertThat(codes.verify("a", "\u0000b", code2).result()).isEqualTo(VerifyResult.UNKNOWN);
    }

    @Test
    void badArgumentsToIssueAndVerify() {
        OneTimeCodes codes = codes(CodeOptions.builder(SECRET));
        assertThatThrownBy(() -> codes.issue("", "login")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> codes.issue("a", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> codes.issue(null, "login")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> codes.verify("a", "login", null)).isInstanceOf(NullPointerException.class);
        OneTimeTokens tokens = OneTimeTokens.create(
                app, TokenOptions.builder(SECRET).keyPrefix(prefix + "t:").build());
        assertThatThrownBy(() -> tokens.issue("", "p")).isInstanceOf(IllegalArgumentException.class);
        assertThat(tokens.verify("p", "").result()).isEqualTo(VerifyResult.UNKNOWN);
        assertThat(tokens.verify("p", "x".repeat(1 << 20)).result()).isEqualTo(VerifyResult.UNKNOWN);
        assertThat(tokens.verify("p", "%%%/..\n{}").result()).isEqualTo(VerifyResult.UNKNOWN);
    }

    @Test
    void concurrentWrongGuessesUseEachAttemptOnce() throws Exception {
        OneTimeCodes codes = codes(CodeOptions.builder(SECRET).maxAttempts(5));
        String code = codes.issue("carol", "login").code();
        String wrong = code.equals("000000") ? "000001" : "000000";
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<CodeVerification> answers = new ArrayList<>();
        try {
            List<Future<CodeVerification>> fs = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                fs.add(pool.submit(() -> codes.verify("carol", "login", wrong)));
            }
            for (Future<CodeVerification> f : fs) {
                answers.add(f.get(20, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        Map<VerifyResult, Long> byResult =
                answers.stream().collect(Collectors.groupingBy(CodeVerification::result, Collectors.counting()));
        assertThat(byResult).containsEntry(VerifyResult.WRONG, 5L).containsEntry(VerifyResult.EXHAUSTED, 35L);
        assertThat(answers.stream()
                        .filter(a -> a.result() == VerifyResult.WRONG)
                        .map(CodeVerification::attemptsLeft)
                        .sorted()
                        .toList())
                .containsExactly(0, 1, 2, 3, 4);
        assertThat(codes.verify("carol", "login", code).result()).isEqualTo(VerifyResult.EXHAUSTED);
        assertThat(codes.issue("carol", "login").issued())
                .as("cooldown still applies after exhaustion")
                .isFalse();
    }

    @Test
    void concurrentIssuesUnderACooldownIssueOnce() throws Exception {
        OneTimeCodes codes = codes(CodeOptions.builder(SECRET));
        List<CompletableFuture<IssuedCode>> racers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            racers.add(CompletableFuture.supplyAsync(() -> codes.issue("ivan", "login")));
        }
        List<IssuedCode> issued = new ArrayList<>();
        for (CompletableFuture<IssuedCode> r : racers) {
            IssuedCode c = r.get(20, TimeUnit.SECONDS);
            if (c.issued()) {
                issued.add(c);
            } else {
                assertThat(c.code()).isNull();
                assertThat(c.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(60));
            }
        }
        assertThat(issued).hasSize(1);
        assertThat(codes.verify("ivan", "login", issued.get(0).code()).result()).isEqualTo(VerifyResult.VALID);
        assertThat(codes.issue("ivan", "login").issued())
                .as("after consumption a new code at once")
                .isTrue();
    }

    @Test
    void twoSecretsOnOnePrefixDoNotInterfere() {
        byte[] other = new SecureRandom().generateSeed(32);
        OneTimeCodes a = codes(CodeOptions.builder(SECRET));
        OneTimeCodes b = codes(CodeOptions.builder(other));
        String ca = a.issue("dave", "login").code();
        String cb = b.issue("dave", "login").code();
        assertThat(b.verify("dave", "login", ca).result()).isIn(VerifyResult.WRONG, VerifyResult.VALID);
        assertThat(a.verify("dave", "login", ca).result()).isEqualTo(VerifyResult.VALID);
        assertThat(a.verify("dave", "login", cb).result()).isEqualTo(VerifyResult.UNKNOWN);
    }

    @Test
    void tokensAreSingleUsePerPurposeAndWrongPurposeDoesNotConsume() throws Exception {
        OneTimeTokens tokens = OneTimeTokens.create(
                app, TokenOptions.builder(SECRET).keyPrefix(prefix).build());
        String token = tokens.issue("erin@example.com", "reset");
        assertThat(token).hasSize(43).matches("[A-Za-z0-9_-]{43}");
        assertThat(tokens.verify("confirm", token).result()).isEqualTo(VerifyResult.UNKNOWN);
        char last = token.charAt(42);
        String tampered = token.substring(0, 42) + (last == 'A' ? 'B' : 'A');
        assertThat(tokens.verify("reset", tampered).result()).isEqualTo(VerifyResult.UNKNOWN);
        assertThat(tokens.verify("reset", token + "=").result()).isEqualTo(VerifyResult.UNKNOWN);
        List<CompletableFuture<TokenVerification>> racers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            racers.add(CompletableFuture.supplyAsync(() -> tokens.verify("reset", token)));
        }
        long valid = 0;
        for (CompletableFuture<TokenVerification> r : racers) {
            TokenVerification v = r.get(20, TimeUnit.SECONDS);
            if (v.isValid()) {
                valid++;
                assertThat(v.identity()).contains("erin@example.com");
            } else {
                assertThat(v.identity()).isEmpty();
            }
        }
        assertThat(valid).isEqualTo(1);
        assertThat(keys(prefix + "*")).isEmpty();
    }

    @Test
    void keysAfterConsumptionExhaustionAndTheirTtls() {
        OneTimeCodes codes = codes(CodeOptions.builder(SECRET)
                .ttl(Duration.ofSeconds(30))
                .resendCooldown(Duration.ofSeconds(10))
                .maxAttempts(1));
        String code = codes.issue("frank", "login").code();
        List<String> ks = keys(prefix + "*");
        assertThat(ks).hasSize(1);
        assertThat(admin.commands().pttl(ks.get(0))).isBetween(59_000L, 60_000L);
        assertThat(codes.verify("frank", "login", "x" + code).result()).isEqualTo(VerifyResult.WRONG);
        assertThat(codes.verify("frank", "login", code).result()).isEqualTo(VerifyResult.EXHAUSTED);
        assertThat(keys(prefix + "*")).hasSize(1);
        OneTimeCodes hugeTtl = OneTimeCodes.create(
                app,
                CodeOptions.builder(SECRET)
                        .keyPrefix(prefix + "huge:")
                        .ttl(CodeOptions.MAX_TTL)
                        .resendCooldown(Duration.ZERO)
                        .build());
        String c = hugeTtl.issue("g", "p").code();
        assertThat(hugeTtl.verify("g", "p", c).result()).isEqualTo(VerifyResult.VALID);
    }

    /** Timeouts: what the exception says must not contain the code, the secret or the identity. */
    @Test
    void exceptionsWhenRedisDoesNotAnswerLeakNothing() {
        try (FaultProxy proxy = FaultProxy.start(topology.master())) {
            StewardClient cut = StewardClient.create(TopologyOptions.as(topology, "app")
                    .endpoints(proxy.endpoint())
                    .commandTimeout(Duration.ofMillis(500))
                    .build());
            try {
                OneTimeCodes codes = OneTimeCodes.create(
                        cut, CodeOptions.builder(SECRET).keyPrefix(prefix).build());
                OneTimeTokens tokens = OneTimeTokens.create(
                        cut, TokenOptions.builder(SECRET).keyPrefix(prefix).build());
                String code = codes.issue("henry@secret.example", "login").code();
                String token = tokens.issue("henry@secret.example", "reset");
                proxy.blackhole();
                String hex = HexFormat.of().formatHex(SECRET);
                for (Runnable call : List.<Runnable>of(
                        () -> codes.verify("henry@secret.example", "login", code),
                        () -> tokens.verify("reset", token),
                        () -> tokens.issue("henry@secret.example", "reset"))) {
                    Throwable t = org.assertj.core.api.Assertions.catchThrowable(call::run);
                    assertThat(t).isInstanceOf(io.steward.ConnectionFailedException.class);
                    StringWriter all = new StringWriter();
                    t.printStackTrace(new PrintWriter(all));
                    assertThat(all.toString())
                            .doesNotContain(code)
                            .doesNotContain(token)
                            .doesNotContain(hex)
                            .doesNotContain("henry");
                }
            } finally {
                proxy.heal();
                cut.close();
            }
        }
    }

    private List<String> keys(String pattern) {
        return admin.commands().keys(pattern);
    }
}
