package io.steward.spring.boot3;

import static org.assertj.core.api.Assertions.assertThat;

import io.steward.spring.boot.StewardAutoConfiguration;
import io.steward.spring.boot.cache.StewardCacheAutoConfiguration;
import io.steward.spring.boot.coordination.StewardCoordinationAutoConfiguration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.util.ClassUtils;

/** What Spring Boot 3.5 itself makes of the starter built against Boot 4. */
class SpringBoot35StarterTest {

    @Test
    void shouldRunOnSpringBoot35() {
        assertThat(SpringBootVersion.getVersion()).startsWith("3.5.");
    }

    @Test
    void shouldFindEveryStewardAutoConfigurationThroughBoot3Imports() {
        List<String> candidates = new ArrayList<>();
        ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader())
                .forEach(candidates::add);
        assertThat(candidates)
                .contains(
                        StewardAutoConfiguration.class.getName(),
                        StewardCacheAutoConfiguration.class.getName(),
                        StewardCoordinationAutoConfiguration.class.getName());
        candidates.stream().filter(name -> name.startsWith("io.steward.")).forEach(name -> assertThat(
                        ClassUtils.isPresent(name, getClass().getClassLoader()))
                .as(name)
                .isTrue());
    }

    @Test
    void shouldOrderCacheManagerBeforeBoot3CacheAutoConfigurationByName() {
        String boot3Cache = "org.springframework.boot.autoconfigure.cache.CacheAutoConfiguration";
        assertThat(ClassUtils.isPresent(boot3Cache, getClass().getClassLoader()))
                .isTrue();
        assertThat(StewardCacheAutoConfiguration.class
                        .getAnnotation(AutoConfiguration.class)
                        .beforeName())
                .contains(boot3Cache);
    }
}
