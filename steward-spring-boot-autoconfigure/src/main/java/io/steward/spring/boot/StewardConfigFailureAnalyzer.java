package io.steward.spring.boot;

import io.steward.ConfigException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link ConfigException} that stopped the context into Spring Boot's start-failure report:
 * the property (or the {@code steward.yaml} file, line and field) and what is wrong, instead of a
 * bean-creation stack trace.
 */
class StewardConfigFailureAnalyzer extends AbstractFailureAnalyzer<ConfigException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ConfigException cause) {
        String action = cause.file()
                .map(file -> "Fix " + cause.field() + " in " + file
                        + (cause.line() > 0 ? " at line " + cause.line() : "")
                        + ", or point steward.config-file at another file.")
                .orElse("Fix the property " + cause.field()
                        + "; the steward.* properties are listed in docs/spring-boot.md.");
        return new FailureAnalysis("Steward could not be configured: " + cause.getMessage(), action, cause);
    }
}
