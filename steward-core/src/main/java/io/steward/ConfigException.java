package io.steward;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A configuration file or setting is invalid. Carries the file, the 1-based line (0 when unknown)
 * and the field path such as {@code topology.mode}.
 */
public class ConfigException extends StewardException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;
    private final String field;

    public ConfigException(Path file, int line, String field, String problem) {
        super(describe(file, line, field, problem));
        this.file = file;
        this.line = line;
        this.field = field;
    }

    /** A bad setting that did not come from a file, such as a command-line option. */
    public ConfigException(String field, String problem) {
        this(null, 0, field, problem);
    }

    private static String describe(Path file, int line, String field, String problem) {
        StringBuilder where = new StringBuilder();
        if (file != null) {
            where.append(file);
            if (line > 0) {
                where.append(':').append(line);
            }
            where.append(": ");
        }
        if (field != null && !field.isEmpty()) {
            where.append(field).append(": ");
        }
        return where + problem;
    }

    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** The 1-based line in {@link #file()}, or 0 when unknown. */
    public int line() {
        return line;
    }

    public String field() {
        return field;
    }
}
