package io.tuneline.inference.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tuneline.contracts.events.ModelPromoted;
import io.tuneline.contracts.events.ModelRejected;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.inference.testing.Http;
import io.tuneline.inference.testing.ModelDecisions;
import io.tuneline.inference.testing.PromotedTinyModel;
import io.tuneline.storage.ObjectStore;
import io.tuneline.testsupport.quarkus.KafkaTestResource;
import io.tuneline.testsupport.quarkus.S3TestResource;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Promotions on {@code tuneline.model-decisions}: the service starts with the promoted model it finds in S3, swaps
 * to a newly promoted one (also under 16 streaming clients, none of which fails), ignores rejections, and keeps
 * serving when a promoted checkpoint (or a LoRA run's base) cannot be loaded.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PromotedTinyModel.class)
class ModelDecisionConsumerTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final String MODEL = PromotedTinyModel.MODEL;

    @TestHTTPResource("/")
    URL root;

    @Test
    void promotionsSwapRejectionsAndBrokenCheckpointsDoNot() throws Exception {
        await().atMost(PATIENCE).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        String startRun = servingRun();
        assertThat(startRun).startsWith("run-"); // the promoted record in S3, not a fallback

        ObjectRef runB = upload("run-b");
        ModelDecisions.send(new ModelPromoted(MODEL, "run-b", "eval-b", runB, null));
        await().atMost(PATIENCE).until(() -> "run-b".equals(servingRun()));

        ModelDecisions.send(new ModelRejected(MODEL, "run-x", "eval-x", "rouge below the gate"));
        ObjectRef missing = new ObjectRef(runB.bucket(), "run-missing/final/");
        ModelDecisions.send(new ModelPromoted(MODEL, "run-missing", "eval-m", missing, null));
        await().atMost(PATIENCE).untilAsserted(() -> given().get("/api/v1/models").then().statusCode(200)
                .body("[0].lastFailure.version.runId", equalTo("run-missing"))
                .body("[0].lastFailure.reason", containsString("run-missing")));
        // A LoRA run whose base is not in storage: the base cannot be loaded, the running model stays.
        ModelDecisions.send(new ModelPromoted(MODEL, "run-lora", "eval-l", runB,
                PromotedTinyModel.LAYOUT.baseModel("flan-t5")));
        await().atMost(PATIENCE).untilAsserted(() -> given().get("/api/v1/models").then()
                .body("[0].lastFailure.version.runId", equalTo("run-lora"))
                .body("[0].lastFailure.reason", containsString("flan-t5")));
        assertThat(servingRun()).isEqualTo("run-b");
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void aHotSwapUnder16StreamingClientsFailsNoRequest() throws Exception {
        await().atMost(PATIENCE).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        ObjectRef runC = upload("run-c");
        List<CompletableFuture<Http.Stream>> streams = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            streams.add(Http.stream(root.toURI(), "api/v1/generate", "{\"prompt\":\"client " + i
                    + " asks about a refund\",\"options\":{\"maxNewTokens\":24,\"doSample\":true,\"seed\":" + i
                    + "}}"));
        }
        ModelDecisions.send(new ModelPromoted(MODEL, "run-c", "eval-c", runC, null));
        List<Http.Stream> finished = streams.stream().map(CompletableFuture::join).toList();
        for (Http.Stream stream : finished) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.endsWith("done")).as("events %s", stream.events()).isTrue();
        }
        await().atMost(PATIENCE).until(() -> "run-c".equals(servingRun()));
        // More streams on the new model: nothing was left broken by the swap.
        assertThat(Http.stream(root.toURI(), "api/v1/generate", "{\"prompt\":\"after\",\"options\":"
                + "{\"maxNewTokens\":4}}").join().endsWith("done")).isTrue();
    }

    private static String servingRun() {
        return given().contentType(ContentType.JSON)
                .body("{\"prompt\":\"which model?\",\"options\":{\"maxNewTokens\":2}}")
                .post("/api/v1/generate").then().statusCode(200).extract().path("model.runId");
    }

    private static ObjectRef upload(String runId) {
        try (ObjectStore store = PromotedTinyModel.store(S3TestResource.server())) {
            return PromotedTinyModel.uploadCheckpoint(store, runId);
        }
    }
}
