package io.steward.spring.boot3;

import static org.assertj.core.api.Assertions.assertThat;

import io.steward.provision.LocalTopology;
import io.steward.provision.TopologyMode;
import io.steward.spring.boot.StewardAutoConfiguration;
import io.steward.spring.boot.cache.StewardCacheAutoConfiguration;
import io.steward.spring.boot.cache.StewardCacheManager;
import io.steward.spring.boot.coordination.StewardCoordinationAutoConfiguration;
import io.steward.spring.boot.coordination.StewardRateLimiters;
import io.steward.test.RedisTopology;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.cache.CacheAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Configuration;

/**
 * The starter among Boot 3.5's own auto-configurations, against a real standalone Redis: with Boot 3's
 * {@code CacheAutoConfiguration} present the application gets the Steward cache manager, not Boot's simple
 * in-memory one, and the coordination beans work. (Here the alphabetical order alone would also put Steward
 * first: the {@code beforeName} that orders the two matters only where another ordering puts Boot's first.)
 */
@RedisTopology(mode = TopologyMode.STANDALONE)
class SpringBoot35CacheManagerIT {

    @Test
    void shouldPreferStewardCacheManagerOverBoot3CacheAutoConfiguration(LocalTopology topology) {
        topology.awaitHealthy(Duration.ofSeconds(60));
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        CacheAutoConfiguration.class,
                        StewardAutoConfiguration.class,
                        StewardCacheAutoConfiguration.class,
                        StewardCoordinationAutoConfiguration.class))
                .withUserConfiguration(CachingApplication.class)
                .withPropertyValues(
                        "steward.endpoints=" + topology.master(),
                        "steward.user=app",
                        "steward.password-file=" + topology.passwordFile("app"),
                        "steward.profile=development",
                        "steward.rate-limits.login.limits[0].limit=1",
                        "steward.rate-limits.login.limits[0].period=1h")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).getBean(CacheManager.class).isInstanceOf(StewardCacheManager.class);
                    CacheManager cacheManager = context.getBean(CacheManager.class);
                    cacheManager.getCache("boot3").put("k", "v");
                    assertThat(cacheManager.getCache("boot3").get("k", String.class))
                            .isEqualTo("v");
                    StewardRateLimiters limiters = context.getBean(StewardRateLimiters.class);
                    String identity = "boot3-" + System.nanoTime();
                    assertThat(limiters.limiter("login").tryAcquire(identity).allowed())
                            .isTrue();
                    assertThat(limiters.limiter("login").tryAcquire(identity).allowed())
                            .isFalse();
                });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableCaching
    static class CachingApplication {}
}
