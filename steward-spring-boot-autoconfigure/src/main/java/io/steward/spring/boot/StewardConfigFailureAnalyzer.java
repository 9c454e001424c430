package io.steward.spring.boot;

import io.steward.AuthenticationFailedException;
import io.steward.ConfigException;
import io.steward.PermissionDeniedException;
import io.steward.StewardException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link StewardException} that stopped the context into Spring Boot's start-failure report
 * instead of a bean-creation stack trace: for a {@link ConfigException} the property (or the
 * {@code steward.yaml} file, line and field) and what is wrong; for a failure to connect or log in,
 * what the server answered and which properties to check.
 */
class StewardConfigFailureAnalyzer extends AbstractFailureAnalyzer<StewardException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, StewardException cause) {
        ConfigException config = findCause(rootFailure, ConfigException.class);
        if (config != null) {
            return configuration(config);
        }
        String action;
        if (cause instanceof AuthenticationFailedException) {
            action = "Check steward.user and steward.password / steward.password-file (or the auth section of"
                    + " steward.config-file), and that the user exists in the deployment's ACL.";
        } else if (cause instanceof PermissionDeniedException) {
            action = "Give the application's ACL user the permission named above, or use a user that has it.";
        } else {
            action = "Check that Redis answers at steward.endpoints (or the topology of steward.config-file), with"
                    + " TLS set as the server expects; `steward health` shows the deployment's state.";
        }
        return new FailureAnalysis("Steward could not connect: " + cause.getMessage(), action, cause);
    }

    private static FailureAnalysis configuration(ConfigException cause) {
        String action = cause.file()
                .map(file -> "Fix " + cause.field() + " in " + file
                        + (cause.line() > 0 ? " at line " + cause.line() : "")
                        + ", or point steward.config-file at another file.")
                .orElse("Fix the property " + cause.field() + " (the steward.* properties are described in the"
                        + " starter's guide, docs/spring-boot.md of Steward).");
        return new FailureAnalysis("Steward could not be configured: " + cause.getMessage(), action, cause);
    }
}
