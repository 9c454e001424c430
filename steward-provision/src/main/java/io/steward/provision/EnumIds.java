package io.steward.provision;

import io.steward.ConfigException;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Parses the lower-case names of the provisioning enums as written in YAML and on flags. */
final class EnumIds {

    private EnumIds() {}

    /**
     * The value whose id equals {@code text}, ignoring case and surrounding blanks.
     *
     * @throws ConfigException naming {@code field}, what was given and the allowed ids
     */
    static <E extends Enum<E>> E parse(E[] values, Function<E, String> id, String text, String field, String what) {
        String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (E value : values) {
            if (id.apply(value).equals(wanted)) {
                return value;
            }
        }
        throw new ConfigException(
                field,
                "unknown " + what + " '" + text + "'; allowed: "
                        + Arrays.stream(values).map(id).collect(Collectors.joining(", ")));
    }
}
