package io.tuneline.inference.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tuneline.contracts.api.GenerationResult;
import io.tuneline.contracts.api.ServedModelStatus;
import io.tuneline.contracts.events.EventCodec;
import io.tuneline.inference.testing.Http;
import io.tuneline.inference.testing.PromotedTinyModel;
import io.tuneline.testsupport.quarkus.KafkaTestResource;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * inference-service's real answers read into the contract records the launcher and {@code ./tuneline bench serve}
 * use ({@code io.tuneline.contracts.api}), and written back they are the same JSON.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PromotedTinyModel.class)
class ContractAnswersTest {

    private static final ObjectMapper JSON = EventCodec.mapper();

    @TestHTTPResource("/")
    URL root;

    @BeforeEach
    void modelIsLoaded() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200));
    }

    @Test
    void aSummaryAndAStreamsDoneEventReadIntoGenerationResult() throws Exception {
        String answer = given().contentType(ContentType.JSON)
                .body("{\"dialogue\":\"#Person1#: my card was charged twice\",\"options\":{\"maxNewTokens\":6}}")
                .post("/api/v1/summarize").then().statusCode(200).extract().asString();

        GenerationResult result = JSON.readValue(answer, GenerationResult.class);
        assertThat(result.model().modelName()).isEqualTo(PromotedTinyModel.MODEL);
        assertThat(result.model().source()).isEqualTo("promoted");
        assertThat(result.model().checkpoint()).isNotBlank();
        assertThat(result.newTokens()).isBetween(1, 6);
        assertThat(result.promptTokens()).isPositive();
        assertThat(result.finishReason()).isIn("eos", "length");
        assertThat(JSON.readTree(JSON.writeValueAsString(result))).isEqualTo(JSON.readTree(answer));

        Http.Stream stream = Http.stream(root.toURI(), "api/v1/summarize",
                "{\"dialogue\":\"#Person1#: where is my parcel?\",\"options\":{\"maxNewTokens\":6}}").get();
        assertThat(stream.endsWith("done")).as("events %s", stream.events()).isTrue();
        String done = stream.events().get(stream.events().size() - 1).data();
        GenerationResult streamed = JSON.readValue(done, GenerationResult.class);
        assertThat(streamed.newTokens())
                .isEqualTo((int) stream.events().stream().filter(e -> e.name().equals("token")).count());
        assertThat(JSON.readTree(JSON.writeValueAsString(streamed))).isEqualTo(JSON.readTree(done));
    }

    @Test
    void theServedModelListReadsIntoServedModelStatus() throws Exception {
        String answer = given().get("/api/v1/models").then().statusCode(200).extract().asString();

        List<ServedModelStatus> models = JSON.readValue(answer, new TypeReference<>() { });
        ServedModelStatus summarizer = models.stream().filter(m -> m.name().equals(PromotedTinyModel.MODEL))
                .findFirst().orElseThrow();
        assertThat(summarizer.serving()).isNotNull();
        assertThat(summarizer.serving().modelName()).isEqualTo(PromotedTinyModel.MODEL);
        assertThat(summarizer.gaveUpLoading()).isFalse();
        assertThat(JSON.readTree(JSON.writeValueAsString(models))).isEqualTo(JSON.readTree(answer));
    }
}
