package io.steward.ops.config;

import io.steward.ConfigException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands {@code ${VAR}} and {@code ${VAR:-default}} in scalar values, as a POSIX shell does: the
 * default applies when the variable is unset or empty. {@code $$} stands for a literal {@code $}.
 */
final class EnvironmentExpander {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");
    private static final Pattern WHOLE_REFERENCE = Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_]*(?::-[^}]*)?}");

    private final Map<String, String> environment;

    EnvironmentExpander(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** Whether {@code raw} is exactly one {@code ${VAR}} reference, so it can be written back as is. */
    static boolean isSingleReference(String raw) {
        return raw != null && WHOLE_REFERENCE.matcher(raw.trim()).matches();
    }

    String expand(String raw, Path file, int line, String path) {
        if (raw == null || raw.indexOf('$') < 0) {
            return raw;
        }
        Matcher m = REFERENCE.matcher(raw);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (m.find()) {
            out.append(literal(raw.substring(last, m.start()), file, line, path));
            last = m.end();
            if (m.group().equals("$$")) {
                out.append('$');
                continue;
            }
            String name = m.group(1);
            String value = environment.get(name);
            if (value == null || value.isEmpty()) {
                if (m.group(2) == null) {
                    throw new ConfigException(
                            file,
                            line,
                            path,
                            "environment variable " + name + " is not set; set it or write ${" + name + ":-default}");
                }
                value = m.group(2);
            }
            out.append(value);
        }
        out.append(literal(raw.substring(last), file, line, path));
        return out.toString();
    }

    private static String literal(String text, Path file, int line, String path) {
        if (text.contains("${")) {
            // A password's text must not reach logs or terminals, not even a malformed one.
            String where = isSecret(path) ? "" : " in '" + text + "'";
            throw new ConfigException(
                    file,
                    line,
                    path,
                    "malformed variable reference" + where
                            + "; write ${NAME} or ${NAME:-default} (NAME: letters, digits, _), or $$ for a literal $");
        }
        return text;
    }

    private static boolean isSecret(String path) {
        return path != null && path.toLowerCase(Locale.ROOT).endsWith("password");
    }
}
