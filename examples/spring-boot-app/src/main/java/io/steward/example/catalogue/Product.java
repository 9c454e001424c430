package io.steward.example.catalogue;

import io.steward.spring.boot.cache.CacheTagged;
import java.io.Serializable;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A product of the catalogue. Cached values are Java-serialized by the starter, hence
 * {@link Serializable}; {@link CacheTagged} stores each cached product under its category's tag,
 * so one call evicts a whole category from every instance's cache.
 *
 * @param priceCents the price in cents, not negative
 */
public record Product(String id, String name, String category, long priceCents) implements Serializable, CacheTagged {

    public Product {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(category, "category");
        if (priceCents < 0) {
            throw new IllegalArgumentException("priceCents must not be negative, was " + priceCents);
        }
    }

    /** The cache tag of every product of {@code category}. */
    public static String categoryTag(String category) {
        return "category:" + category;
    }

    @Override
    public Collection<String> cacheTags() {
        return List.of(categoryTag(category));
    }
}
