package io.steward.spring.boot.actuate;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.steward.ConfigException;
import io.steward.client.StewardClient;
import io.steward.client.cache.CacheMetrics;
import io.steward.client.cache.StewardCache;
import io.steward.spring.boot.StewardAutoConfiguration;
import io.steward.spring.boot.cache.StewardCacheAutoConfiguration;
import io.steward.spring.boot.cache.StewardCacheWarmer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cache.CacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Actuator support: the {@code steward} health indicator, Micrometer meters of the cache and the
 * connection, and the {@code steward} endpoint. Each part is there only when its Spring part is on the
 * class path and backs off when the application defines its own bean.
 *
 * <ul>
 *   <li>{@link StewardHealthCheck} (version-neutral) when a health API of Boot 3 or 4 is present, the
 *       application has a {@link StewardClient} and {@code management.health.steward.enabled} is not
 *       {@code false}. The indicators over it come after this class: Boot 4's in
 *       {@link StewardHealthIndicatorAutoConfiguration}, Boot 3's in {@code steward-spring-boot3-support},
 *       each a bean named {@value #HEALTH_INDICATOR_BEAN}.
 *   <li>{@link CacheMetrics} and {@link ConnectionEventMetrics} as {@link MeterBinder} beans when
 *       Micrometer is present and the application has a {@code MeterRegistry}.
 *   <li>{@link StewardEndpoint} when Actuator's endpoint API is present and the application has a
 *       {@link StewardCache}.
 *   <li>A {@code SanitizingFunction} bean named {@value #SANITIZING_BEAN} that masks {@code steward.password}
 *       and the other secret {@code steward.*} properties in the {@code configprops} and {@code env}
 *       endpoints, when Actuator is present.
 * </ul>
 */
@AutoConfiguration(
        after = {StewardAutoConfiguration.class, StewardCacheAutoConfiguration.class},
        afterName = {
            "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
            "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration"
        })
@ConditionalOnClass(StewardClient.class)
@EnableConfigurationProperties(StewardHealthProperties.class)
public class StewardActuatorAutoConfiguration {

    /** The name of the health indicator bean, and so of the contributor: {@code /actuator/health/steward}. */
    public static final String HEALTH_INDICATOR_BEAN = "steward";

    /** The name of the bean that masks secret {@code steward.*} properties in Actuator's endpoints. */
    public static final String SANITIZING_BEAN = "stewardSanitizingFunction";

    /**
     * Backs off on the bean name only: an application's own sanitizing functions add to this one, they
     * are no reason to show {@code steward.password}.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.SanitizingFunction")
    static class SanitizingConfiguration {

        @Bean(SANITIZING_BEAN)
        @ConditionalOnMissingBean(name = SANITIZING_BEAN)
        StewardSanitizing stewardSanitizingFunction() {
            return new StewardSanitizing();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Conditional({OnHealthSupport.class, OnStewardHealthEnabled.class})
    @ConditionalOnBean(StewardClient.class)
    static class HealthCheckConfiguration {

        /**
         * @throws ConfigException naming {@code steward.health.*} for a duration that is not positive
         */
        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        StewardHealthCheck stewardHealthCheck(
                StewardClient stewardClient,
                ObjectProvider<StewardCache> stewardCache,
                StewardHealthProperties properties) {
            return new StewardHealthCheck(
                    stewardClient,
                    stewardCache.getIfUnique(),
                    StewardHealthCheck.positive(properties.timeout(), "steward.health.timeout"),
                    StewardHealthCheck.positive(properties.replicaMaxLag(), "steward.health.replica-max-lag"));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterBinder.class)
    @ConditionalOnBean(type = "io.micrometer.core.instrument.MeterRegistry")
    static class MetricsConfiguration {

        /**
         * Tags the cache meters {@code cache=stewardCache}: the counts are over all Spring caches. Backs
         * off when the application has a {@link CacheMetrics} of its own, as the connection meters do.
         */
        @Bean
        @ConditionalOnBean(StewardCache.class)
        @ConditionalOnMissingBean
        CacheMetrics stewardCacheMetrics(StewardCache stewardCache) {
            return new CacheMetrics(stewardCache, "stewardCache");
        }

        @Bean(destroyMethod = "close")
        @ConditionalOnBean(StewardClient.class)
        @ConditionalOnMissingBean
        ConnectionEventMetrics stewardConnectionMetrics(StewardClient stewardClient) {
            return new ConnectionEventMetrics(stewardClient);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
    @ConditionalOnBean(StewardCache.class)
    static class EndpointConfiguration {

        @Bean
        @ConditionalOnMissingBean
        StewardEndpoint stewardEndpoint(
                StewardCache stewardCache,
                ObjectProvider<CacheManager> cacheManager,
                ObjectProvider<StewardCacheWarmer> warmers) {
            return new StewardEndpoint(
                    stewardCache,
                    cacheManager.getIfUnique(),
                    warmers.orderedStream().toList());
        }
    }
}
