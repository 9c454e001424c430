package io.steward.client.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.PrimitiveIterator;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class CodeGeneratorTest {

    /** A SecureRandom that repeats the same values for a seed: the statistics below are fixed, never flaky. */
    private static SecureRandom seeded(long seed) throws NoSuchAlgorithmException {
        SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
        random.setSeed(seed);
        return random;
    }

    @Test
    void uniformRejectsDrawsInTheIncompleteLastBlock() {
        long bound = 10;
        // 2^63 mod 10 = 8: the 8 largest 63-bit values would favour residues 0..7, so they are thrown away
        long lastAccepted = Long.MAX_VALUE - 8;
        PrimitiveIterator.OfLong draws =
                LongStream.of(Long.MAX_VALUE, lastAccepted + 1, lastAccepted, 3).iterator();
        assertThat(CodeGenerator.uniform(draws::nextLong, bound)).isEqualTo(lastAccepted % bound);
        assertThat(lastAccepted % bound).isEqualTo(9);
        assertThat(CodeGenerator.uniform(draws::nextLong, bound)).isEqualTo(3);
    }

    @Test
    void uniformAcceptsEverythingWhenTheBoundDividesTwoToThe63() {
        assertThat(CodeGenerator.uniform(() -> Long.MAX_VALUE, 1L << 62)).isEqualTo((1L << 62) - 1);
    }

    @Test
    void codesHaveExactlyTheDigitsAskedForAndKeepLeadingZeros() throws Exception {
        assertThat(CodeGenerator.format(42, 6)).isEqualTo("000042");
        assertThat(CodeGenerator.format(0, 4)).isEqualTo("0000");
        assertThat(CodeGenerator.format(9_999_999_999L, 10)).isEqualTo("9999999999");
        SecureRandom random = seeded(1);
        for (int digits = CodeOptions.MIN_DIGITS; digits <= CodeOptions.MAX_DIGITS; digits++) {
            boolean leadingZero = false;
            for (int i = 0; i < 200; i++) {
                String code = CodeGenerator.code(random, digits);
                assertThat(code).hasSize(digits).containsOnlyDigits();
                leadingZero |= code.charAt(0) == '0';
            }
            assertThat(leadingZero)
                    .as("a leading zero in 200 codes of %d digits", digits)
                    .isTrue();
        }
    }

    @Test
    void everyDigitIsEquallyLikelyInEveryPosition() throws Exception {
        SecureRandom random = seeded(2);
        int draws = 50_000;
        int digits = 6;
        int[][] counts = new int[digits][10];
        for (int i = 0; i < draws; i++) {
            String code = CodeGenerator.code(random, digits);
            for (int p = 0; p < digits; p++) {
                counts[p][code.charAt(p) - '0']++;
            }
        }
        for (int p = 0; p < digits; p++) {
            double chiSquare = 0;
            double expected = draws / 10.0;
            for (int d = 0; d < 10; d++) {
                chiSquare += Math.pow(counts[p][d] - expected, 2) / expected;
            }
            // 9 degrees of freedom: 27.88 is the 0.1 % critical value
            assertThat(chiSquare).as("chi-square of position %d", p).isLessThan(27.88);
        }
    }

    @Test
    void codesRarelyRepeat() throws Exception {
        SecureRandom random = seeded(3);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            seen.add(CodeGenerator.code(random, 10));
        }
        assertThat(seen).hasSizeGreaterThan(995);
    }

    @Test
    void tokensAreUrlSafe256BitsWithoutPadding() throws Exception {
        SecureRandom random = seeded(4);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String token = CodeGenerator.token(random);
            assertThat(token).hasSize(43).matches("[A-Za-z0-9_-]+");
            assertThat(Base64.getUrlDecoder().decode(token)).hasSize(32);
            seen.add(token);
        }
        assertThat(seen).hasSize(100);
    }

    @Test
    void aSourceThatKeepsGivingRejectedDrawsIsReportedBrokenInsteadOfLoopingForever() {
        assertThatThrownBy(() -> CodeGenerator.uniform(() -> Long.MAX_VALUE, 1_000_000))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("random source");
    }
}
