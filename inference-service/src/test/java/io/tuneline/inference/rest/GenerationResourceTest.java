package io.tuneline.inference.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.tuneline.inference.testing.Http;
import io.tuneline.inference.testing.PromotedTinyModel;
import io.tuneline.testsupport.quarkus.KafkaTestResource;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The generation API on the tiny checkpoint: answers, streaming, and every documented refusal. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PromotedTinyModel.class)
class GenerationResourceTest {

    @TestHTTPResource("/")
    URL root;

    @BeforeEach
    void modelIsLoaded() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200));
    }

    @Test
    void generatesAndNamesTheModelVersion() {
        given().contentType(ContentType.JSON)
                .body("{\"prompt\":\"Summarize: the parcel is late.\",\"options\":{\"maxNewTokens\":8}}")
                .post("/api/v1/generate")
                .then().statusCode(200)
                .body("model.modelName", equalTo(PromotedTinyModel.MODEL))
                .body("model.runId", notNullValue())
                .body("model.checkpoint", notNullValue())
                .body("text", notNullValue())
                .body("newTokens", lessThanOrEqualTo(8))
                .body("promptTokens", notNullValue());
    }

    @Test
    void seededSamplingRepeatsAndBatchFormsAnswerInOrder() {
        String sampled = "{\"prompt\":\"Hello there, my order is missing.\",\"options\":{\"maxNewTokens\":12,"
                + "\"doSample\":true,\"seed\":42,\"topK\":20,\"temperature\":0.9}}";
        String first = given().contentType(ContentType.JSON).body(sampled).post("/api/v1/generate")
                .then().statusCode(200).extract().path("text");
        String second = given().contentType(ContentType.JSON).body(sampled).post("/api/v1/generate")
                .then().statusCode(200).extract().path("text");
        assertThat(second).isEqualTo(first);

        given().contentType(ContentType.JSON)
                .body("{\"prompts\":[\"one\",\"two two\",\"three three three\"],\"options\":{\"maxNewTokens\":5}}")
                .post("/api/v1/generate/batch")
                .then().statusCode(200).body("results", hasSize(3))
                .body("results.model.modelName", hasItem(PromotedTinyModel.MODEL));
        given().contentType(ContentType.JSON)
                .body("{\"dialogues\":[\"#Person1#: hi\\n#Person2#: hello\",\"#Person1#: where is it?\"],"
                        + "\"options\":{\"maxNewTokens\":6,\"numBeams\":2}}")
                .post("/api/v1/summarize/batch")
                .then().statusCode(200).body("results", hasSize(2));
        given().contentType(ContentType.JSON).body("{\"dialogue\":\"#Person1#: my card was charged twice\"}")
                .post("/api/v1/summarize")
                .then().statusCode(200).body("model.modelName", equalTo(PromotedTinyModel.MODEL));
        given().contentType(ContentType.JSON)
                .body("{\"dialogue\":\"#Person1#: my card was charged twice\",\"topic\":\"billing\"}")
                .post("/api/v1/summarize")
                .then().statusCode(200).body("model.modelName", equalTo(PromotedTinyModel.MODEL));
    }

    @Test
    void streamsTokensAsServerSentEvents() throws Exception {
        Http.Stream stream = Http.stream(base(), "api/v1/generate",
                "{\"prompt\":\"Tell me about the refund.\",\"options\":{\"maxNewTokens\":10}}").get();
        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.endsWith("done")).as("events %s", stream.events()).isTrue();
        List<Http.SseEvent> tokens = stream.events().stream().filter(e -> e.name().equals("token")).toList();
        JsonPath done = JsonPath.from(stream.events().get(stream.events().size() - 1).data());
        assertThat(tokens).hasSize(done.getInt("newTokens"));
        String streamedText = tokens.stream().map(e -> JsonPath.from(e.data()).getString("text"))
                .collect(Collectors.joining());
        assertThat(streamedText).isEqualTo(done.getString("text"));
        assertThat(done.getString("model.modelName")).isEqualTo(PromotedTinyModel.MODEL);
    }

    @Test
    void badRequestsGetTheDocumentedAnswers() {
        post("").then().statusCode(400);
        post("{\"prompt\": ").then().statusCode(400).body("error", equalTo("invalid-json"));
        post("{\"prompt\":\"   \"}").then().statusCode(400).body("error", equalTo("validation-failed"))
                .body("details.violations.field", hasItem(org.hamcrest.Matchers.endsWith("prompt")));
        post("{\"prompt\":\"hi\",\"options\":{\"topP\":2}}").then().statusCode(400)
                .body("details.violations.field", hasItem(org.hamcrest.Matchers.endsWith("topP")));
        post("{\"prompt\":\"hi\",\"options\":{\"maxNewTokens\":\"many\"}}").then().statusCode(400)
                .body("error", equalTo("invalid-json"));
        post("{\"prompt\":\"hi\",\"options\":{\"numBeams\":2,\"doSample\":true}}").then().statusCode(400)
                .body("error", equalTo("invalid-options"));
        post("{\"prompt\":\"hi\",\"options\":{\"maxNewTokens\":100000}}").then().statusCode(400)
                .body("error", equalTo("invalid-options"));
        post("{\"model\":\"no-such-model\",\"prompt\":\"hi\"}").then().statusCode(404)
                .body("error", equalTo("unknown-model"));
        post("{\"prompt\":\"" + "word ".repeat(300) + "\"}").then().statusCode(413)
                .body("error", equalTo("input-too-long")).body("details.limitTokens", equalTo(128));
        given().contentType(ContentType.JSON).body("{\"dialogues\":[]}").post("/api/v1/summarize/batch")
                .then().statusCode(400).body("error", equalTo("validation-failed"));
        given().contentType(ContentType.JSON)
                .body("{\"dialogue\":\"#Person1#: hi\",\"topic\":\"" + "x".repeat(201) + "\"}")
                .post("/api/v1/summarize")
                .then().statusCode(400).body("error", equalTo("validation-failed"))
                .body(containsString("topic"));
        given().contentType(ContentType.JSON).body("{\"dialogues\":[\"#Person1#: a\",\"#Person1#: b\"],"
                        + "\"topics\":[\"refunds\"]}").post("/api/v1/summarize/batch")
                .then().statusCode(400).body("error", equalTo("invalid-options"))
                .body("message", containsString("topics has 1 entries for 2 dialogues"));
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void aFullQueueAnswers429WithRetryAfterAndTheServiceRecovers() throws Exception {
        // 16 decode slots and 20 queue places: 80 requests at once cannot all be accepted.
        String longRequest = "{\"prompt\":\"Write a long answer.\",\"options\":{\"maxNewTokens\":16,"
                + "\"doSample\":true,\"seed\":1}}";
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            responses.add(Http.postJson(base(), "api/v1/generate", longRequest));
        }
        List<HttpResponse<String>> done = responses.stream().map(CompletableFuture::join).toList();
        List<HttpResponse<String>> refused = done.stream().filter(r -> r.statusCode() == 429).toList();
        assertThat(refused).isNotEmpty();
        assertThat(refused.get(0).headers().firstValue("Retry-After")).hasValue("1");
        assertThat(refused.get(0).body()).contains("queue-full");
        assertThat(done).allMatch(r -> r.statusCode() == 200 || r.statusCode() == 429);
        given().get("/q/health/ready").then().statusCode(200);
        post("{\"prompt\":\"still there?\",\"options\":{\"maxNewTokens\":3}}").then().statusCode(200);
    }

    @Test
    void aClientHangingUpMidStreamFreesItsSlot() {
        List<Http.SseEvent> seen = Http.streamAndHangUp(base(), "api/v1/generate",
                "{\"prompt\":\"A long story please.\",\"options\":{\"maxNewTokens\":400,\"doSample\":true}}", 2);
        assertThat(seen).extracting(Http.SseEvent::name).containsOnly("token");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/v1/models").then()
                .statusCode(200).body("[0].runningRequests", equalTo(0)));
        post("{\"prompt\":\"next one\",\"options\":{\"maxNewTokens\":3}}").then().statusCode(200);
    }

    private static io.restassured.response.Response post(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/generate");
    }

    private URI base() {
        try {
            return root.toURI();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
