package io.steward.example.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.steward.example.catalogue.ProductController.ProductForm;
import org.junit.jupiter.api.Test;

class ProductTest {

    @Test
    void shouldBeCachedUnderItsCategoryTag() {
        Product cup = new Product("p1", "Espresso cup", "kitchen", 900);

        assertThat(cup.cacheTags()).containsExactly(Product.categoryTag("kitchen"));
        assertThat(Product.categoryTag("kitchen")).isNotEqualTo(Product.categoryTag("office"));
    }

    @Test
    void shouldRefuseNegativePrice() {
        assertThatThrownBy(() -> new Product("p1", "Espresso cup", "kitchen", -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("priceCents");
    }

    @Test
    void formShouldNameMissingField() {
        assertThatThrownBy(() -> new ProductForm("Lamp", null, 100L).toProduct("p9"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("category is required");
        assertThatThrownBy(() -> new ProductForm("Lamp", "office", null).toProduct("p9"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("priceCents is required");
        assertThat(new ProductForm("Lamp", "office", 100L).toProduct("p9"))
                .isEqualTo(new Product("p9", "Lamp", "office", 100));
    }
}
