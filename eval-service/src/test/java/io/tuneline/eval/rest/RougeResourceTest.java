package io.tuneline.eval.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.equalTo;

/** POST /api/v1/rouge against rouge-score's golden values (copied from the shared fixtures), exactly. */
@QuarkusTest
class RougeResourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TYPES = List.of("rouge1", "rouge2", "rougeL", "rougeLsum");

    @Test
    void everyGoldenCaseMatchesExactlyWithAndWithoutStemming() throws IOException {
        List<JsonNode> cases = new ArrayList<>();
        for (String line : resource("rouge/rouge_golden.jsonl").split("\n")) {
            if (!line.isBlank()) {
                cases.add(JSON.readTree(line));
            }
        }
        for (boolean stemmer : new boolean[]{false, true}) {
            List<JsonNode> selected = cases.stream()
                    .filter(golden -> golden.get("use_stemmer").asBoolean() == stemmer).toList();
            ArrayNode pairs = JSON.createArrayNode();
            selected.forEach(golden -> pairs.addObject().put("prediction", golden.get("prediction").asText())
                    .put("reference", golden.get("reference").asText()));
            ObjectNode request = JSON.createObjectNode().put("useStemmer", stemmer);
            request.set("pairs", pairs);

            JsonNode response = post(request);

            assertThat(response.get("pairs")).hasSize(selected.size());
            for (int i = 0; i < selected.size(); i++) {
                for (String type : TYPES) {
                    for (String part : List.of("precision", "recall", "fmeasure")) {
                        assertThat(response.get("pairs").get(i).get(type).get(part).doubleValue())
                                .as("case %d %s %s stemmer=%s", i, type, part, stemmer)
                                .isEqualTo(selected.get(i).get(type).get(part).doubleValue());
                    }
                }
            }
        }
        assertThat(cases).hasSizeGreaterThan(60);
    }

    @Test
    void theMeanIsTheCorpusAggregate() throws IOException {
        JsonNode corpus = JSON.readTree(resource("rouge/rouge_corpus_golden.json"));
        for (String variant : List.of("use_stemmer_false", "use_stemmer_true")) {
            JsonNode expected = corpus.get("results").get(variant);
            ArrayNode pairs = JSON.createArrayNode();
            for (int i = 0; i < corpus.get("predictions").size(); i++) {
                pairs.addObject().put("prediction", corpus.get("predictions").get(i).asText())
                        .put("reference", corpus.get("references").get(i).asText());
            }
            ObjectNode request = JSON.createObjectNode().put("useStemmer", expected.get("use_stemmer").asBoolean());
            request.set("pairs", pairs);

            JsonNode mean = post(request).get("mean");

            for (String type : TYPES) {
                assertThat(mean.get(type).get("fmeasure").doubleValue()).as(variant + " " + type)
                        .isCloseTo(expected.get("aggregate").get(type).doubleValue(), within(1e-12));
            }
        }
    }

    @Test
    void returnsTheRequestedTypesAndTakesTheBestOfSeveralReferences() {
        given().contentType(ContentType.JSON)
                .body(Map.of("rougeTypes", List.of("rougeL"), "pairs", List.of(Map.of(
                        "prediction", "the agent refunded the order",
                        "references", List.of("nothing alike here", "the agent refunded the order")))))
                .post("/api/v1/rouge").then()
                .statusCode(200)
                .body("rougeTypes", equalTo(List.of("rougeL")))
                .body("pairs[0].rougeL.fmeasure", equalTo(1.0f))
                .body("pairs[0].rouge1", equalTo(null))
                .body("mean.rougeL.fmeasure", equalTo(1.0f));
    }

    @Test
    void refusesBadRequestsWithAMachineReadableReason() {
        given().contentType(ContentType.JSON).body(Map.of("pairs", List.of()))
                .post("/api/v1/rouge").then().statusCode(400).body("error", equalTo("no-pairs"));
        given().contentType(ContentType.JSON)
                .body(Map.of("rougeTypes", List.of("rouge3"), "pairs", List.of(Map.of("prediction", "a",
                        "reference", "b"))))
                .post("/api/v1/rouge").then().statusCode(400).body("error", equalTo("unknown-rouge-type"))
                .body("details.rougeType", equalTo("rouge3"));
        given().contentType(ContentType.JSON)
                .body(Map.of("pairs", List.of(Map.of("prediction", "a", "reference", "b"), Map.of("prediction", "a"))))
                .post("/api/v1/rouge").then().statusCode(400).body("error", equalTo("invalid-pair"))
                .body("details.index", equalTo(1));
        given().contentType(ContentType.JSON).body("{\"pairs\": [")
                .post("/api/v1/rouge").then().statusCode(400).body("error", equalTo("invalid-json"));
    }

    private static JsonNode post(ObjectNode request) throws IOException {
        String body = given().contentType(ContentType.JSON).body(request.toString())
                .post("/api/v1/rouge").then().statusCode(200).extract().asString();
        return JSON.readTree(body);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = RougeResourceTest.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
