package io.steward.ops.config;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import io.steward.ConfigException;

/**
 * The cron syntax of {@code steward.yaml} schedules: five-field UNIX cron ({@code minute hour
 * day-of-month month day-of-week}) as cron-utils defines it, so the daemon's scheduler, which parses
 * with the same definition, accepts every expression the loader accepts.
 */
final class CronSyntax {

    /** What an error says is allowed. */
    static final String ALLOWED = "five fields 'minute hour day-of-month month day-of-week',"
            + " such as '30 3 * * *' (03:30 every day) or '*/10 * * * *' (every 10 minutes)";

    private static final String PARSER_PREFIX = "Failed to parse cron expression. ";

    // Immutable once built; parse() keeps no state between calls.
    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private CronSyntax() {}

    /**
     * Checks one expression.
     *
     * @param field      the field path reported on error, such as {@code backup.schedule.rdb}
     * @param expression the expression; not {@code null}
     * @throws ConfigException naming {@code field}, the expression, why it is wrong and an example
     */
    static void requireValid(String field, String expression) {
        try {
            PARSER.parse(expression).validate();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(
                    field, "'" + expression + "' is not a cron expression (" + reason(e) + "); allowed: " + ALLOWED);
        }
    }

    private static String reason(IllegalArgumentException e) {
        String message = e.getMessage() == null ? "invalid" : e.getMessage().trim();
        return message.startsWith(PARSER_PREFIX) ? message.substring(PARSER_PREFIX.length()) : message;
    }
}
