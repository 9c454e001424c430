package io.steward.spring.boot;

import io.steward.ConfigException;
import java.util.Map;

/**
 * Renames the client's option errors, which name a builder field ({@code maxAttempts must be >= 1}, or a
 * {@link ConfigException} whose field is {@code masterName}), to the property that set it
 * ({@code steward.codes.max-attempts}, {@code steward.master-name}), so a failed start says what to fix.
 *
 * <p>Shared by the starter's auto-configurations; not an API for applications.
 */
public final class OptionErrors {

    private OptionErrors() {}

    /**
     * @param section         the properties' prefix: named when no field matches a message, and the prefix of a
     *                        {@link ConfigException}'s field that is not in {@code propertyOfField}
     * @param propertyOfField builder field name to full property name
     */
    public static ConfigException rename(RuntimeException e, String section, Map<String, String> propertyOfField) {
        String message = String.valueOf(e.getMessage());
        String property = section;
        String problem = message;
        if (e instanceof ConfigException c && c.field() != null && !c.field().isEmpty()) {
            property = propertyOfField.getOrDefault(c.field(), section + "." + c.field());
            int at = message.indexOf(c.field() + ": ");
            problem = at < 0 ? message : message.substring(at + c.field().length() + 2);
        } else {
            for (Map.Entry<String, String> field : propertyOfField.entrySet()) {
                if (message.equals(field.getKey()) || message.startsWith(field.getKey() + " ")) {
                    property = field.getValue();
                    break;
                }
            }
        }
        ConfigException renamed = new ConfigException(property, problem);
        renamed.initCause(e);
        return renamed;
    }
}
