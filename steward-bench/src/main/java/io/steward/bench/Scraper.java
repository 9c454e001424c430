package io.steward.bench;

import io.steward.StewardException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Scrapes one {@code /metrics} endpoint over a shared keep-alive HTTP/1.1 client, as Prometheus
 * would (without {@code Accept-Encoding: gzip}, so both contestants send plain text).
 */
final class Scraper {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    /**
     * @param nanos time from sending the request to having the whole body
     * @param lines lines of the body, comments ({@code # HELP}, {@code # TYPE}) included
     * @param samples lines that are samples, not comments
     * @param bytes bytes of the body
     * @param body the body
     */
    record Scrape(long nanos, int lines, int samples, int bytes, String body) {}

    private final String name;
    private final HttpClient http;
    private final HttpRequest request;
    private final LongSupplier nanoTime;

    /**
     * @param bearer the token for {@code Authorization: Bearer}, if the endpoint needs one
     */
    Scraper(String name, HttpClient http, URI metrics, Optional<String> bearer, LongSupplier nanoTime) {
        this.name = name;
        this.http = http;
        HttpRequest.Builder b = HttpRequest.newBuilder(metrics).timeout(TIMEOUT).GET();
        bearer.ifPresent(token -> b.header("Authorization", "Bearer " + token));
        this.request = b.build();
        this.nanoTime = nanoTime;
    }

    /** An HTTP/1.1 client that keeps its connections open between requests. */
    static HttpClient keepAliveClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(TIMEOUT)
                .build();
    }

    String name() {
        return name;
    }

    URI uri() {
        return request.uri();
    }

    /**
     * @throws StewardException when the endpoint does not answer 200
     */
    Scrape scrape() {
        long start = nanoTime.getAsLong();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new StewardException("scraping " + name + " at " + request.uri() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StewardException("interrupted while scraping " + name, e);
        }
        long nanos = nanoTime.getAsLong() - start;
        if (response.statusCode() != 200) {
            throw new StewardException(
                    name + " answered " + response.statusCode() + " to GET " + request.uri() + " instead of 200");
        }
        byte[] body = response.body();
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
        int lines = 0;
        int samples = 0;
        for (String line : text.split("\n")) {
            if (!line.isEmpty()) {
                lines++;
                if (line.charAt(0) != '#') {
                    samples++;
                }
            }
        }
        return new Scrape(nanos, lines, samples, body.length, text);
    }

    /** {@link #scrape()}, or empty when the endpoint is not there yet or answers an error. */
    Optional<Scrape> tryScrape() {
        try {
            return Optional.of(scrape());
        } catch (StewardException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw e;
            }
            return Optional.empty();
        }
    }

    /** The value of the first sample of {@code metric} (with any labels) in {@code body}, if present. */
    static Optional<Double> value(String body, String metric) {
        for (String line : body.split("\n")) {
            if (line.startsWith(metric + " ") || line.startsWith(metric + "{")) {
                String v = line.substring(line.lastIndexOf(' ') + 1);
                try {
                    return Optional.of(Double.parseDouble(v));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }
}
