package io.steward.spring.boot.actuate;

import io.steward.client.cache.CacheStats;
import io.steward.client.cache.StewardCache;
import io.steward.client.cache.WarmingReport;
import io.steward.client.cache.WarmingStrategy;
import io.steward.spring.boot.cache.CacheWarming;
import io.steward.spring.boot.cache.StewardCacheWarmer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

/**
 * The {@code steward} Actuator endpoint. {@code GET /actuator/steward}: the Steward cache's statistics
 * (counted over all its caches: Steward keeps one set of counts per cache instance, not per region) and
 * the Spring caches it serves. {@code POST /actuator/steward/{cache}}: runs that cache's
 * {@link StewardCacheWarmer} beans now and returns what they did.
 *
 * <p>Like every endpoint but health, it is not reachable over HTTP until the application exposes it
 * ({@code management.endpoints.web.exposure.include=health,steward}); whoever can reach it can make
 * the application load data into Redis, so expose it only behind the application's authentication.
 */
@Endpoint(id = "steward")
public class StewardEndpoint {

    private final StewardCache cache;
    private final CacheManager cacheManager;
    private final List<StewardCacheWarmer> warmers;

    /**
     * @param cacheManager the Spring cache manager over {@code cache}, or {@code null} when there is none
     */
    public StewardEndpoint(StewardCache cache, CacheManager cacheManager, List<StewardCacheWarmer> warmers) {
        this.cache = Objects.requireNonNull(cache, "cache");
        this.cacheManager = cacheManager;
        this.warmers = List.copyOf(warmers);
    }

    /** Statistics, health and cache names. */
    @ReadOperation
    public Map<String, Object> stats() {
        CacheStats stats = cache.stats();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("health", cache.health().name());
        body.put("caches", cacheNames());
        body.put("stats", statsOf(stats));
        return body;
    }

    /**
     * Warms {@code name} now with its warmers.
     *
     * @return 200 with the report; 404 when no cache manager serves that name and no warmer is defined
     *     for it; 400 when the cache exists but no {@link StewardCacheWarmer} is defined for it
     */
    @WriteOperation
    public WebEndpointResponse<Map<String, Object>> warm(@Selector String name) {
        List<StewardCacheWarmer> own =
                warmers.stream().filter(w -> w.cacheName().equals(name)).toList();
        if (own.isEmpty()) {
            boolean known = cacheNames().contains(name);
            return new WebEndpointResponse<>(
                    Map.of(
                            "error",
                            known
                                    ? "no StewardCacheWarmer bean is defined for cache '" + name
                                            + "'; define one to warm it"
                                    : "unknown cache '" + name + "'; known caches: " + cacheNames()
                                            + ", and caches with a StewardCacheWarmer bean"),
                    known ? WebEndpointResponse.STATUS_BAD_REQUEST : WebEndpointResponse.STATUS_NOT_FOUND);
        }
        Cache spring = cacheManager == null ? null : cacheManager.getCache(name);
        List<WarmingStrategy<?>> strategies = new ArrayList<>();
        for (int i = 0; i < own.size() && spring != null; i++) {
            String strategyName = own.size() == 1 ? name : name + "#" + (i + 1);
            CacheWarming.strategy(strategyName, spring, own.get(i)).ifPresent(strategies::add);
        }
        if (strategies.isEmpty()) {
            return new WebEndpointResponse<>(
                    Map.of("error", "cache '" + name + "' is not a Steward cache; no StewardCacheManager serves it"),
                    WebEndpointResponse.STATUS_NOT_FOUND);
        }
        return new WebEndpointResponse<>(reportOf(name, cache.warm(strategies)), WebEndpointResponse.STATUS_OK);
    }

    private List<String> cacheNames() {
        return cacheManager == null ? List.of() : List.copyOf(new TreeSet<>(cacheManager.getCacheNames()));
    }

    private static Map<String, Object> reportOf(String name, WarmingReport report) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("cache", name);
        body.put("keysWarmed", report.keysWarmed());
        body.put("failures", report.failures());
        List<Map<String, Object>> results = new ArrayList<>();
        for (WarmingReport.Result r : report.results()) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("name", r.name());
            result.put("keysWarmed", r.keysWarmed());
            result.put("failures", r.failures());
            result.put("elapsedMillis", r.elapsed().toMillis());
            if (r.error() != null) {
                result.put("error", r.error());
            }
            results.add(result);
        }
        body.put("results", results);
        return body;
    }

    private static Map<String, Object> statsOf(CacheStats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nearHits", s.nearHits());
        m.put("nearMisses", s.nearMisses());
        m.put("redisHits", s.redisHits());
        m.put("redisMisses", s.redisMisses());
        m.put("loads", s.loads());
        m.put("loadFailures", s.loadFailures());
        m.put("loadMillis", s.loadNanos() / 1_000_000);
        m.put("redisCalls", s.redisCalls());
        m.put("redisMillis", s.redisNanos() / 1_000_000);
        m.put("redisFailures", s.redisFailures());
        m.put("notPermitted", s.notPermitted());
        m.put("skippedWrites", s.skippedWrites());
        m.put("replayedWrites", s.replayedWrites());
        m.put("droppedReplays", s.droppedReplays());
        m.put("corruptValues", s.corruptValues());
        m.put("invalidations", s.invalidations());
        m.put("nearFlushes", s.nearFlushes());
        m.put("refreshes", s.refreshes());
        m.put("lagSamples", s.lagSamples());
        m.put("lagMillis", s.lagMillis());
        m.put("circuitState", s.circuitState());
        return m;
    }
}
