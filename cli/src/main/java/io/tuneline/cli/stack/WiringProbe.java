package io.tuneline.cli.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Asks a service to prove its wiring: {@code POST /wiring/check} runs a Kafka ping round trip and an S3 object round
 * trip now, then {@code GET /wiring} reads the recorded result, {@code {"kafka": {"ok", "latencyMs", "error"}, "s3": ...}}.
 */
public final class WiringProbe {

    public static final String CHECK_PATH = "/wiring/check";
    public static final String STATUS_PATH = "/wiring";
    // The service bounds each round trip by its own wiring timeout; this only guards against a hung service.
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    public WiringProbe(HttpClient http) {
        this.http = http;
    }

    public Wiring check(RunningService service) {
        try {
            // 200 when both pass, 503 when one fails: either way the body says which, and GET /wiring repeats it.
            http.send(HttpRequest.newBuilder(service.baseUri().resolve(CHECK_PATH)).timeout(CHECK_TIMEOUT)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            HttpResponse<String> status = http.send(HttpRequest.newBuilder(service.baseUri().resolve(STATUS_PATH))
                    .timeout(STATUS_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (status.statusCode() != 200) {
                return Wiring.unreachable("GET " + STATUS_PATH + " answered HTTP " + status.statusCode());
            }
            return parse(status.body());
        } catch (IOException e) {
            return Wiring.unreachable(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("Interrupted while checking " + service.name());
        }
    }

    /** Reads a {@code GET /wiring} body. */
    public Wiring parse(String body) throws IOException {
        JsonNode root = json.readTree(body);
        return new Wiring(roundTrip(root.path("kafka")), roundTrip(root.path("s3")));
    }

    private static RoundTrip roundTrip(JsonNode node) {
        if (!node.isObject()) {
            return RoundTrip.failed("not reported");
        }
        JsonNode latency = node.path("latencyMs");
        JsonNode error = node.path("error");
        return new RoundTrip(node.path("ok").asBoolean(false), latency.isNumber() ? latency.asLong() : null,
                error.isTextual() ? error.asText() : null);
    }
}
