package io.steward.provision.internal;

import java.util.HashMap;
import java.util.Map;

/** The {@code field:value} lines of an INFO reply, flattened across sections. */
final class InfoFields {

    private InfoFields() {}

    static Map<String, String> parse(String info) {
        Map<String, String> fields = new HashMap<>();
        for (String line : info.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return fields;
    }

    /** Parses {@code a=1,b=2} values such as {@code slave0:ip=...,state=online}. */
    static Map<String, String> parseList(String value) {
        Map<String, String> out = new HashMap<>();
        for (String part : value.split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                out.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return out;
    }
}
