package io.steward.spring.boot.coordination;

import io.steward.ConfigException;
import java.util.Map;

/**
 * Renames the client's option errors, which name a builder field ({@code maxAttempts must be >= 1}), to the
 * property that set it ({@code steward.codes.max-attempts}), so a failed start says what to fix.
 */
final class OptionErrors {

    private OptionErrors() {}

    /**
     * @param section         the properties' prefix, named when no field matches
     * @param propertyOfField builder field name to full property name
     */
    static ConfigException rename(RuntimeException e, String section, Map<String, String> propertyOfField) {
        String message = String.valueOf(e.getMessage());
        String property = section;
        for (Map.Entry<String, String> field : propertyOfField.entrySet()) {
            if (message.equals(field.getKey()) || message.startsWith(field.getKey() + " ")) {
                property = field.getValue();
                break;
            }
        }
        ConfigException renamed = new ConfigException(property, message);
        renamed.initCause(e);
        return renamed;
    }
}
