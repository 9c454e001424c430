package io.steward.ops.health.internal;

import io.steward.ops.info.InfoSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Real Redis 7.0 INFO samples with chosen fields replaced, for rule tests. */
final class InfoText {

    private String text;

    private InfoText(String text) {
        this.text = text;
    }

    static InfoText sample(String name) {
        try (InputStream in = InfoText.class.getResourceAsStream("/info/" + name)) {
            return new InfoText(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static InfoText master() {
        return sample("redis7-master.txt");
    }

    static InfoText replica() {
        return sample("redis7-replica.txt");
    }

    static InfoText sentinel() {
        return sample("redis7-sentinel.txt");
    }

    /** Replaces the value of an existing field, or appends the field to {@code section}. */
    InfoText with(String field, Object value) {
        Matcher m =
                Pattern.compile("(?m)^" + Pattern.quote(field) + ":[^\r\n]*").matcher(text);
        if (!m.find()) {
            throw new IllegalArgumentException("no field " + field + " in sample");
        }
        text = m.replaceFirst(Matcher.quoteReplacement(field + ":" + value));
        return this;
    }

    InfoSnapshot snapshot() {
        return InfoSnapshot.parse(text);
    }
}
