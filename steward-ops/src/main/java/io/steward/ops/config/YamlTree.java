package io.steward.ops.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.steward.ConfigException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document read into nodes that remember their line and field path, which Jackson's own tree
 * model forgets. Scalars are kept as text, with {@code ${VAR}} references already expanded.
 */
final class YamlTree {

    private static final YAMLFactory YAML = YAMLFactory.builder().build();

    private YamlTree() {}

    /** A node of the document. */
    sealed interface Node permits Scalar, Mapping, Sequence {
        int line();

        String path();

        default String kind() {
            return this instanceof Mapping ? "a mapping" : this instanceof Sequence ? "a list" : "a single value";
        }
    }

    /**
     * @param raw   the text as written, before expansion ({@code null} for YAML null)
     * @param value the text after {@code ${VAR}} expansion ({@code null} for YAML null)
     */
    record Scalar(String raw, String value, int line, String path) implements Node {
        boolean isNull() {
            return value == null;
        }
    }

    record Mapping(Map<String, Node> entries, int line, String path) implements Node {}

    record Sequence(List<Node> items, int line, String path) implements Node {}

    /**
     * Reads the first document of {@code reader}.
     *
     * @return the root node, or {@code null} when the document is empty
     * @throws ConfigException for malformed YAML, duplicate keys or unset variables
     */
    static Node read(Reader reader, Path file, EnvironmentExpander expander) {
        try (JsonParser parser = YAML.createParser(reader)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return null;
            }
            return new Builder(parser, file, expander).node("");
        } catch (JsonProcessingException e) {
            JsonLocation location = e.getLocation();
            int line = location == null ? 0 : location.getLineNr();
            throw new ConfigException(
                    file, Math.max(line, 0), "", "malformed YAML: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ConfigException(file, 0, "", "cannot read: " + e.getMessage());
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "syntax error";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).trim();
    }

    private record Builder(JsonParser parser, Path file, EnvironmentExpander expander) {

        /** Builds the node at the current token, leaving the parser on the node's last token. */
        Node node(String path) throws IOException {
            int line = parser.currentTokenLocation().getLineNr();
            JsonToken token = parser.currentToken();
            return switch (token) {
                case START_OBJECT -> mapping(path, line);
                case START_ARRAY -> sequence(path, line);
                case VALUE_NULL -> new Scalar(null, null, line, path);
                case VALUE_STRING,
                        VALUE_NUMBER_INT,
                        VALUE_NUMBER_FLOAT,
                        VALUE_TRUE,
                        VALUE_FALSE,
                        VALUE_EMBEDDED_OBJECT -> {
                    String raw = parser.getText();
                    yield new Scalar(raw, expander.expand(raw, file, line, path), line, path);
                }
                default -> throw new ConfigException(file, line, path, "unexpected YAML token " + token);
            };
        }

        private Mapping mapping(String path, int line) throws IOException {
            Map<String, Node> entries = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                int keyLine = parser.currentTokenLocation().getLineNr();
                String childPath = path.isEmpty() ? key : path + "." + key;
                parser.nextToken();
                Node child = node(childPath);
                if (entries.putIfAbsent(key, child) != null) {
                    throw new ConfigException(file, keyLine, childPath, "appears twice; give each key once");
                }
            }
            return new Mapping(Collections.unmodifiableMap(entries), line, path);
        }

        private Sequence sequence(String path, int line) throws IOException {
            List<Node> items = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                items.add(node(path + "[" + items.size() + "]"));
            }
            return new Sequence(List.copyOf(items), line, path);
        }
    }
}
