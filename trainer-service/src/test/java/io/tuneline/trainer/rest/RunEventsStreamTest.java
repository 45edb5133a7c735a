package io.tuneline.trainer.rest;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tuneline.trainer.testing.Runs;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /api/v1/runs/{id}/events: server-sent events from the current state to the end of the run. */
@QuarkusTest
class RunEventsStreamTest {

    @TestHTTPResource("/api/v1/runs/")
    URL runs;

    @Test
    void theStreamFollowsARunToItsEndAndCloses() throws Exception {
        String runId = Runs.create(Runs.spec("streamed", 4, 0));
        HttpRequest request = HttpRequest.newBuilder(URI.create(runs + runId + "/events"))
                .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(90)).build();

        HttpResponse<java.util.stream.Stream<String>> response = HttpClient.newHttpClient()
                .send(request, HttpResponse.BodyHandlers.ofLines());

        assertThat(response.statusCode()).isEqualTo(200);
        List<String> data = response.body().filter(line -> line.startsWith("data:")).toList();
        assertThat(data.get(0)).contains("\"runId\":\"" + runId + "\"");
        assertThat(data).anySatisfy(line -> assertThat(line).contains("\"state\":\"RUNNING\"", "\"step\":2"));
        assertThat(data.get(data.size() - 1)).contains("\"state\":\"SUCCEEDED\"");
    }
}
