package io.steward.example.catalogue;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The catalogue over HTTP. {@code /admin/**} is for operators: {@code AdminGuard} lets only the
 * signed-in users listed in {@code example.admins} through.
 */
@RestController
public class ProductController {

    private final ProductService products;
    private final ProductDatabase database;

    public ProductController(ProductService products, ProductDatabase database) {
        this.products = products;
        this.database = database;
    }

    @GetMapping("/products/{id}")
    public ResponseEntity<Product> product(@PathVariable String id) {
        return ResponseEntity.of(products.product(id));
    }

    @PutMapping("/products/{id}")
    public Product save(@PathVariable String id, @RequestBody ProductForm form) {
        return products.save(form.toProduct(id));
    }

    @DeleteMapping("/products/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void delete(@PathVariable String id) {
        products.delete(id);
    }

    /** Evicts the cached products of one category, for every instance. */
    @PostMapping("/admin/categories/{category}/evict")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void evictCategory(@PathVariable String category) {
        products.evictCategory(category);
    }

    /** How often each product was loaded from the database: what the cache saves. */
    @GetMapping("/admin/catalogue/loads")
    public Map<String, Long> loads() {
        return database.loads();
    }

    @ExceptionHandler(IllegalArgumentException.class)
    public ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
    }

    /** The body of {@code PUT /products/{id}}. */
    public record ProductForm(String name, String category, Long priceCents) {

        /** @throws IllegalArgumentException naming the missing or bad field */
        Product toProduct(String id) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("name is required");
            }
            if (category == null || category.isBlank()) {
                throw new IllegalArgumentException("category is required");
            }
            if (priceCents == null) {
                throw new IllegalArgumentException("priceCents is required");
            }
            return new Product(id, name, category, priceCents);
        }
    }
}
