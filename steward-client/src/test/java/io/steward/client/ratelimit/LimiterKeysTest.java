package io.steward.client.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.cluster.SlotHash;
import io.steward.client.internal.HashTags;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LimiterKeysTest {

    private final LimiterKeys keys = new LimiterKeys(
            "rl:",
            "login",
            List.of(
                    RateLimit.slidingWindow("per-minute", 5, Duration.ofMinutes(1)),
                    RateLimit.gcra("per-day", 100, Duration.ofDays(1))));

    @Test
    void keysArePrefixNamespaceTaggedIdentityAndLimitName() {
        assertThat(keys.keys("alice@example.com"))
                .containsExactly("rl:login:{alice@example.com}:per-minute", "rl:login:{alice@example.com}:per-day");
    }

    @Test
    void everyKeyOfAnIdentityHashesToOneSlotWhateverTheIdentityHolds() {
        for (String identity : List.of("alice", "}x", "{a}", "a}b", "{", "}", "\\", "a\\)b", "x{y}z")) {
            String[] k = keys.keys(identity);
            assertThat(Arrays.stream(k).map(SlotHash::getSlot).distinct())
                    .as("slots of %s", identity)
                    .hasSize(1);
        }
    }

    @Test
    void bracesAndBackslashesAreEscapedSoIdentitiesNeverShareKeys() {
        assertThat(HashTags.escape("plain")).isSameAs("plain");
        assertThat(HashTags.escape("a{b}c\\")).isEqualTo("a\\(b\\)c\\\\");
        List<String> identities = List.of("a}", "a\\)", "a\\\\)", "a)", "a\\", "a\\\\");
        assertThat(identities.stream().map(HashTags::escape).distinct()).hasSize(identities.size());
    }
}
