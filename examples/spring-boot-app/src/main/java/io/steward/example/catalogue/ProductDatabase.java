package io.steward.example.catalogue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * Stands in for the application's database: an in-memory table of products that counts how often
 * each product was loaded, which is what the cache is there to avoid. Thread-safe.
 */
@Component
public class ProductDatabase {

    private final Map<String, Product> rows = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> loads = new ConcurrentHashMap<>();

    public ProductDatabase() {
        List.of(
                        new Product("p1", "Espresso cup", "kitchen", 900),
                        new Product("p2", "Tea pot", "kitchen", 2_900),
                        new Product("p3", "Desk lamp", "office", 3_500),
                        new Product("p4", "Notebook", "office", 450))
                .forEach(this::save);
    }

    /** The product with {@code id}, counted as one load. */
    public Optional<Product> load(String id) {
        loads.computeIfAbsent(id, k -> new AtomicLong()).incrementAndGet();
        return Optional.ofNullable(rows.get(id));
    }

    public void save(Product product) {
        rows.put(product.id(), product);
    }

    public void delete(String id) {
        rows.remove(id);
    }

    /** How often {@link #load} was called for {@code id}. */
    public long loads(String id) {
        AtomicLong count = loads.get(id);
        return count == null ? 0 : count.get();
    }

    /** Load counts by product id, of every product loaded at least once. */
    public Map<String, Long> loads() {
        Map<String, Long> copy = new TreeMap<>();
        loads.forEach((id, count) -> copy.put(id, count.get()));
        return copy;
    }
}
