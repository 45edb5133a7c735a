package io.tuneline.cli.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tuneline.contracts.api.ProbeResult;
import io.tuneline.contracts.api.WiringStatus;
import io.tuneline.contracts.events.EventCodec;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Asks a service to prove its wiring: {@code POST /wiring/check} runs a Kafka ping round trip and an S3 object round
 * trip now, then {@code GET /wiring} reads the recorded result as the services' own {@link WiringStatus}.
 */
public final class WiringProbe {

    public static final String CHECK_PATH = "/wiring/check";
    public static final String STATUS_PATH = "/wiring";
    // The service bounds each round trip by its own wiring timeout; this only guards against a hung service.
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http;
    private final ObjectMapper json = EventCodec.mapper();

    public WiringProbe(HttpClient http) {
        this.http = http;
    }

    public WiringStatus check(RunningService service) {
        try {
            // 200 when both pass, 503 when one fails: either way the body says which, and GET /wiring repeats it.
            http.send(HttpRequest.newBuilder(service.baseUri().resolve(CHECK_PATH)).timeout(CHECK_TIMEOUT)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            HttpResponse<String> status = http.send(HttpRequest.newBuilder(service.baseUri().resolve(STATUS_PATH))
                    .timeout(STATUS_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (status.statusCode() != 200) {
                return WiringStatus.unreachable(service.name(),
                        "GET " + STATUS_PATH + " answered HTTP " + status.statusCode());
            }
            return parse(status.body());
        } catch (IOException e) {
            return WiringStatus.unreachable(service.name(),
                    e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("Interrupted while checking " + service.name());
        }
    }

    /** Reads a {@code GET /wiring} body; a round trip the body does not report counts as failed. */
    public WiringStatus parse(String body) throws IOException {
        WiringStatus status = json.readValue(body, WiringStatus.class);
        return new WiringStatus(status.service(), status.checkedAt(), reportedOrFailed(status.kafka()),
                reportedOrFailed(status.s3()));
    }

    private static ProbeResult reportedOrFailed(ProbeResult result) {
        return result == null ? ProbeResult.failed(null, "not reported") : result;
    }
}
