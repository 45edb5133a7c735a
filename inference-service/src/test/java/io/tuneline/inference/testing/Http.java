package io.tuneline.inference.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Concurrent HTTP and server-sent events against the running test application. */
public final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** One server-sent event. */
    public record SseEvent(String name, String data) {
    }

    /** A finished stream: its status and events. */
    public record Stream(int status, List<SseEvent> events) {

        public boolean endsWith(String name) {
            return !events.isEmpty() && events.get(events.size() - 1).name().equals(name);
        }
    }

    private Http() {
    }

    public static HttpRequest post(URI base, String path, String json, String accept) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json").header("Accept", accept)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    public static CompletableFuture<HttpResponse<String>> postJson(URI base, String path, String json) {
        return CLIENT.sendAsync(post(base, path, json, "application/json"), HttpResponse.BodyHandlers.ofString());
    }

    /** Streams {@code path} and collects every event until the server ends the stream. */
    public static CompletableFuture<Stream> stream(URI base, String path, String json) {
        return CLIENT.sendAsync(post(base, path, json, "text/event-stream"), HttpResponse.BodyHandlers.ofInputStream())
                .thenApply(response -> new Stream(response.statusCode(), readEvents(response.body(), Integer.MAX_VALUE)));
    }

    /** Opens a stream, reads {@code events} events and hangs up. */
    public static List<SseEvent> streamAndHangUp(URI base, String path, String json, int events) {
        try {
            HttpResponse<InputStream> response = CLIENT.send(post(base, path, json, "text/event-stream"),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                return readEvents(body, events);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<SseEvent> readEvents(InputStream body, int limit) {
        List<SseEvent> events = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String name = "message";
            StringBuilder data = new StringBuilder();
            String line;
            while (events.size() < limit && (line = reader.readLine()) != null) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        events.add(new SseEvent(name, data.toString()));
                    }
                    name = "message";
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                }
            }
            return events;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
