package io.steward.spring.boot.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.steward.spring.boot.cache.StewardCacheProperties.CacheSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class StewardCachePropertiesTest {

    @Test
    void shouldTakeCacheSectionOverDefaultsSettingBySetting() {
        new ApplicationContextRunner()
                .withUserConfiguration(Binding.class)
                .withPropertyValues(
                        "steward.cache.ttl=10m",
                        "steward.cache.near-cache-size=500",
                        "steward.cache.caches.products.ttl=1h",
                        "steward.cache.caches.prices.near-cache-size=0")
                .run(context -> {
                    StewardCacheProperties properties = context.getBean(StewardCacheProperties.class);
                    assertThat(properties.enabled()).isTrue();
                    assertThat(properties.settingsOf("products"))
                            .isEqualTo(new CacheSettings(Duration.ofHours(1), 500, null, null, null, null));
                    assertThat(properties.settingsOf("prices"))
                            .isEqualTo(new CacheSettings(Duration.ofMinutes(10), 0, null, null, null, null));
                    assertThat(properties.settingsOf("unnamed"))
                            .isEqualTo(new CacheSettings(Duration.ofMinutes(10), 500, null, null, null, null));
                    assertThat(properties.caches()).containsOnlyKeys("products", "prices");
                });
    }

    @Test
    void shouldBeEnabledWithNoCachesWhenNothingIsSet() {
        StewardCacheProperties properties = new StewardCacheProperties(true, null, null, null, null, null);
        assertThat(properties.caches()).isEqualTo(Map.of());
        assertThat(properties.settingsOf("any")).isEqualTo(CacheSettings.NONE);
    }

    @Test
    void shouldBindCodecTypeAndTenantOfCacheSection() {
        new ApplicationContextRunner()
                .withUserConfiguration(Binding.class)
                .withPropertyValues(
                        "steward.cache.caches.products.codec=json",
                        "steward.cache.caches.products.type=java.time.Duration",
                        "steward.cache.caches.products.tenant=acme")
                .run(context -> assertThat(
                                context.getBean(StewardCacheProperties.class).settingsOf("products"))
                        .isEqualTo(new CacheSettings(null, null, null, "json", Duration.class, "acme")));
    }

    @Test
    void shouldFailBindingNamingTypeThatIsNoClass() {
        new ApplicationContextRunner()
                .withUserConfiguration(Binding.class)
                .withPropertyValues("steward.cache.caches.products.type=com.example.Missing")
                .run(context -> assertThat(context.getStartupFailure())
                        .hasStackTraceContaining("steward.cache.caches.products.type"));
    }

    @EnableConfigurationProperties(StewardCacheProperties.class)
    static class Binding {}
}
