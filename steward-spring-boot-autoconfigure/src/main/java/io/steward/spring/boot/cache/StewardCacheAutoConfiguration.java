package io.steward.spring.boot.cache;

import io.steward.client.StewardClient;
import io.steward.client.cache.StewardCache;
import io.steward.client.cache.ValueCodec;
import io.steward.spring.boot.StewardAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cache.CacheManager;
import org.springframework.cache.interceptor.CacheAspectSupport;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * A {@link StewardCacheManager} when the application enables caching ({@code @EnableCaching}), has a
 * {@link StewardClient} and defines no {@link CacheManager} of its own. Ordered before Spring Boot's
 * own cache auto-configuration (Boot 4 and Boot 3 class names), which would otherwise pick a simpler
 * cache first. {@code steward.cache.enabled=false} turns it off, and so does {@code spring.cache.type} set to
 * anything but {@code redis} (Boot's cache auto-configuration then provides that type, such as {@code none}).
 */
@AutoConfiguration(
        after = StewardAutoConfiguration.class,
        beforeName = {
            "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration",
            "org.springframework.boot.autoconfigure.cache.CacheAutoConfiguration"
        })
@ConditionalOnBean({StewardClient.class, CacheAspectSupport.class})
@ConditionalOnMissingBean(CacheManager.class)
@Conditional(OnStewardCacheCondition.class)
@EnableConfigurationProperties(StewardCacheProperties.class)
public class StewardCacheAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    StewardCache stewardCache(StewardClient stewardClient) {
        return StewardCache.create(stewardClient);
    }

    /**
     * @throws io.steward.ConfigException naming the {@code steward.cache.caches.*} property of a bad setting
     */
    @Bean
    StewardCacheManager cacheManager(
            StewardCache stewardCache, StewardCacheProperties properties, ApplicationContext context) {
        return new StewardCacheManager(
                stewardCache, properties, context.getClassLoader(), name -> codecBean(context, name));
    }

    /** The application's {@link ValueCodec} bean named {@code name}, or {@code null}. */
    private static ValueCodec<?> codecBean(ApplicationContext context, String name) {
        return context.containsBean(name) && context.isTypeMatch(name, ValueCodec.class)
                ? context.getBean(name, ValueCodec.class)
                : null;
    }
}
