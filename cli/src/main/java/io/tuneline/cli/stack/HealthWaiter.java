package io.tuneline.cli.stack;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.BiConsumer;

/**
 * Polls {@code GET /q/health/ready} of all services together until each answers 200, exits, or the time is up.
 * Services start in parallel, so one loop over all of them reports each as soon as it is ready.
 */
public final class HealthWaiter {

    public static final String READINESS_PATH = "/q/health/ready";
    private static final Duration POLL_INTERVAL = Duration.ofMillis(500);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient http;

    public HealthWaiter(HttpClient http) {
        this.http = http;
    }

    /** Waits for every service; {@code onSettled} hears about each one as soon as its outcome is known. */
    public Map<RunningService, Health> awaitReady(List<RunningService> services, Duration timeout,
                                                  BiConsumer<RunningService, Health> onSettled) {
        long started = System.nanoTime();
        Map<RunningService, Health> settled = new LinkedHashMap<>();
        Map<RunningService, String> lastAnswers = new HashMap<>();
        BiConsumer<RunningService, Health> settle = (service, health) -> {
            settled.put(service, health);
            onSettled.accept(service, health);
        };
        while (true) {
            for (RunningService service : pending(services, settled)) {
                OptionalInt exitCode = service.process().exitCode();
                if (exitCode.isPresent()) {
                    settle.accept(service, new Health(Health.State.EXITED,
                            "exited with code " + exitCode.getAsInt() + " before it was ready"));
                    continue;
                }
                String answer = probe(service);
                if (answer == null) {
                    settle.accept(service, Health.up("ready in " + Durations.seconds(Duration.ofNanos(System.nanoTime() - started))));
                } else {
                    lastAnswers.put(service, answer);
                }
            }
            List<RunningService> pending = pending(services, settled);
            if (pending.isEmpty()) {
                return settled;
            }
            if (System.nanoTime() - started > timeout.toNanos()) {
                for (RunningService service : pending) {
                    settle.accept(service, new Health(Health.State.DOWN, "not ready after " + timeout.toSeconds()
                            + " s; last answer: " + lastAnswers.getOrDefault(service, "none")));
                }
                return settled;
            }
            pause();
        }
    }

    private static List<RunningService> pending(List<RunningService> services, Map<RunningService, Health> settled) {
        return services.stream().filter(service -> !settled.containsKey(service)).toList();
    }

    /** Null when ready, else what the service answered (status and body, or the connection error). */
    private String probe(RunningService service) {
        HttpRequest request = HttpRequest.newBuilder(service.baseUri().resolve(READINESS_PATH))
                .timeout(REQUEST_TIMEOUT).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? null
                    : "HTTP " + response.statusCode() + " " + response.body().replaceAll("\\s+", " ");
        } catch (IOException e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("Interrupted while waiting for the services");
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_INTERVAL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("Interrupted while waiting for the services");
        }
    }
}
