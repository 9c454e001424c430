package io.steward.ops.config;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.steward.ConfigException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * A five-field UNIX cron expression ({@code minute hour day-of-month month day-of-week}) as cron-utils
 * defines it: Steward's one cron type. Every schedule of {@code steward.yaml} is one, and the daemon's
 * scheduler asks it for run times, so an expression runs exactly as the loader understood it.
 *
 * <p>Immutable and thread-safe. Two schedules are equal when their expressions are.
 */
public final class CronSchedule {

    /** What an error says is allowed. */
    public static final String ALLOWED = "five fields 'minute hour day-of-month month day-of-week',"
            + " such as '30 3 * * *' (03:30 every day) or '*/10 * * * *' (every 10 minutes)";

    private static final String PARSER_PREFIX = "Failed to parse cron expression. ";

    // Immutable once built; parse() keeps no state between calls.
    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private final String expression;
    private final ExecutionTime times;

    private CronSchedule(String expression, ExecutionTime times) {
        this.expression = expression;
        this.times = times;
    }

    /**
     * Parses and validates one expression.
     *
     * @param field      the YAML key reported on error, such as {@code backup.schedule.rdb}
     * @param expression the expression
     * @throws ConfigException naming {@code field}, the expression, why it is wrong and an example;
     *                         also when {@code expression} is {@code null}
     */
    public static CronSchedule parse(String field, String expression) {
        Objects.requireNonNull(field, "field");
        if (expression == null) {
            throw new ConfigException(field, "required; allowed: " + ALLOWED);
        }
        try {
            Cron cron = PARSER.parse(expression).validate();
            return new CronSchedule(expression, ExecutionTime.forCron(cron));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(
                    field, "'" + expression + "' is not a cron expression (" + reason(e) + "); allowed: " + ALLOWED);
        }
    }

    /** The expression as written. */
    public String expression() {
        return expression;
    }

    /**
     * The first time after {@code now} the expression matches, read as wall-clock time in {@code zone};
     * empty when it never matches again.
     */
    public Optional<Instant> nextAfter(Instant now, ZoneId zone) {
        return times.nextExecution(ZonedDateTime.ofInstant(now, zone)).map(ZonedDateTime::toInstant);
    }

    private static String reason(IllegalArgumentException e) {
        String message = e.getMessage() == null ? "invalid" : e.getMessage().trim();
        return message.startsWith(PARSER_PREFIX) ? message.substring(PARSER_PREFIX.length()) : message;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CronSchedule that && expression.equals(that.expression);
    }

    @Override
    public int hashCode() {
        return expression.hashCode();
    }

    @Override
    public String toString() {
        return expression;
    }
}
