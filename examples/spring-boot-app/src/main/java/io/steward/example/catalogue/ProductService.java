package io.steward.example.catalogue;

import io.steward.spring.boot.cache.StewardCacheManager;
import java.util.Optional;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/**
 * The catalogue behind Spring's cache annotations, which the Steward starter routes through the
 * near cache and Redis: a product read twice is loaded from the database once, in this instance and
 * in every other one sharing the Redis deployment, until it is saved, deleted or its category is
 * evicted.
 */
@Service
public class ProductService {

    /** The Spring cache holding products by id; configured under {@code steward.cache.caches.products}. */
    public static final String CACHE = "products";

    private final ProductDatabase database;
    private final StewardCacheManager cacheManager;

    public ProductService(ProductDatabase database, StewardCacheManager cacheManager) {
        this.database = database;
        this.cacheManager = cacheManager;
    }

    /**
     * The product, from the cache when there; an unknown id is not cached and loads every time.
     * {@code sync}: on a miss, one caller loads while the others wait for its value, in this instance
     * and (through Steward's load lease in Redis) mostly across instances.
     */
    @Cacheable(cacheNames = CACHE, sync = true)
    public Optional<Product> product(String id) {
        return database.load(id);
    }

    /** Saves {@code product} and puts it in the cache, under its (possibly new) category's tag. */
    @CachePut(cacheNames = CACHE, key = "#product.id")
    public Product save(Product product) {
        database.save(product);
        return product;
    }

    @CacheEvict(CACHE)
    public void delete(String id) {
        database.delete(id);
    }

    /**
     * Evicts every cached product of {@code category}, in every instance, with one tag invalidation:
     * for changes made behind the application's back (a price import, a fix in the database).
     */
    public void evictCategory(String category) {
        cacheManager.evictTag(CACHE, Product.categoryTag(category));
    }
}
