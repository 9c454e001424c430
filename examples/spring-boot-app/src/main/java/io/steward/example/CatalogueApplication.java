package io.steward.example;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;

/**
 * A product catalogue with sign-in by one-time code, wired by the Steward starter: the catalogue is
 * cached through {@code @Cacheable} in Steward's near cache, sign-in codes and their rate limit live
 * in Redis, and sessions are stored by Spring Session over the same Steward connection.
 */
@SpringBootApplication
@EnableCaching
public class CatalogueApplication {

    public static void main(String[] args) {
        SpringApplication.run(CatalogueApplication.class, args);
    }
}
