package io.tuneline.template.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.storage.ObjectStore;
import io.tuneline.template.testing.TestData;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

@QuarkusTest
class PromptsourceImportTest {

    private static final String POSITIVE_TEMPLATE = "0b6f4a7e-3c1d-4a57-9d5e-1f2a3b4c5d61";
    private static final String RECOMMEND_TEMPLATE = "5c2e9d10-8f4b-4e2a-b7c3-2d9e8f7a6b52";
    private static final String TITLE_TEMPLATE = "9a7d3e21-4b6c-4f8d-a1e2-7c3b9d8e6f43";

    @Inject
    ObjectStore store;

    @Inject
    StorageLayout layout;

    @Test
    void importsAPromptsourceFileAsItIsAndRendersADatasetWithIt() throws IOException {
        given().contentType(ContentType.JSON).body(Map.of("name", "product_reviews",
                        "description", "Product reviews with a title and a 0/1 polarity label",
                        "fields", List.of(Map.of("name", "title", "source", "title"),
                                Map.of("name", "content", "source", "input", "required", true),
                                Map.of("name", "label", "source", "label", "type", "integer", "required", true)),
                        "dataField", "content"))
                .when().post("/api/v1/tasks").then().statusCode(201);

        given().contentType("application/x-yaml")
                .body(resource("product_reviews.yaml").getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/templates/import").then().statusCode(201)
                .body("task", equalTo("product_reviews"))
                .body("dataset", equalTo("product_reviews"))
                .body("subset", equalTo("home"))
                .body("imported", containsInAnyOrder(POSITIVE_TEMPLATE, RECOMMEND_TEMPLATE, TITLE_TEMPLATE));
        given().when().get("/api/v1/templates?task=product_reviews").then().statusCode(200)
                .body("id", hasItems(POSITIVE_TEMPLATE, RECOMMEND_TEMPLATE, TITLE_TEMPLATE))
                .body("find { it.id == '" + POSITIVE_TEMPLATE + "' }.answerChoices", equalTo("Negative ||| Positive"));

        List<Map<String, Object>> reviews = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            Map<String, Object> review = new LinkedHashMap<>();
            review.put("id", "review-" + i);
            review.put("input", i % 2 == 0 ? "Works great, I use it every day." : "Broke after a week.");
            review.put("title", i % 2 == 0 ? "Great buy" : "Poor quality");
            review.put("label", i % 2 == 0 ? 1 : 0);
            reviews.add(review);
        }
        TestData.putLines(store, layout.datasetSplit("home-reviews", "v1", "train"), reviews);

        String renderId = given().contentType(ContentType.JSON).body(Map.of("datasetId", "home-reviews",
                        "versionId", "v1", "task", "product_reviews", "seed", 3))
                .when().post("/api/v1/renders").then().statusCode(201)
                .body("splits.train.examples", equalTo(24))
                .body("components[0].task", equalTo("product_reviews"))
                .extract().path("renderId");

        List<JsonNode> lines = TestData.readLines(store, layout.promptsSplit("home-reviews", "v1", renderId,
                "train"));
        assertThat(lines).hasSize(24);
        assertThat(lines).extracting(l -> l.get("templateId").asText()).containsOnly(POSITIVE_TEMPLATE,
                RECOMMEND_TEMPLATE, TITLE_TEMPLATE);
        for (JsonNode line : lines) {
            boolean positive = line.get("prompt").asText().contains("Works great");
            String expected = switch (line.get("templateId").asText()) {
                case POSITIVE_TEMPLATE -> positive ? "Positive" : "Negative";
                case RECOMMEND_TEMPLATE -> positive ? "Yes" : "No";
                default -> positive ? "Great buy" : "Poor quality";
            };
            assertThat(line.get("completion").asText()).as(line.toString()).isEqualTo(expected);
        }
        JsonNode first = lines.stream().filter(l -> l.get("templateId").asText().equals(POSITIVE_TEMPLATE))
                .findFirst().orElseThrow();
        assertThat(first.get("prompt").asText()).matches(
                "Title: (Great buy|Poor quality)\nReview: .+\nIs the review positive or negative\\?");

        given().when().get("/api/v1/renders/home-reviews/v1/" + renderId).then().statusCode(200)
                .body("renderId", equalTo(renderId)).body("seed", equalTo(3));
    }

    @Test
    void refusesAFileWithAnInvalidTemplateAndStoresNothing() throws IOException {
        given().contentType(ContentType.JSON).body(Map.of("name", "product_reviews_strict",
                        "fields", List.of(Map.of("name", "title"), Map.of("name", "content", "source", "input"))))
                .when().post("/api/v1/tasks").then().statusCode(201);

        given().contentType("text/yaml").body(resource("broken_reviews.yaml").getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/templates/import?task=product_reviews_strict").then().statusCode(400)
                .body("error", equalTo("unknown-field"))
                .body("message", containsString("c4d5e6f7-1111-4a2b-8c3d-9e0f1a2b3c44"))
                .body("message", containsString("line 2, column 11"))
                .body("details.problems.'c4d5e6f7-1111-4a2b-8c3d-9e0f1a2b3c44'[0].field", equalTo("stars"));
        given().when().get("/api/v1/templates/c4d5e6f7-1111-4a2b-8c3d-9e0f1a2b3c44").then().statusCode(404);
        given().contentType("text/yaml").body("dataset: x\ntemplates: [unclosed\n".getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/templates/import?task=product_reviews_strict").then().statusCode(400)
                .body("error", equalTo("invalid-promptsource-file"))
                .body("message", containsString("line"));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = PromptsourceImportTest.class.getResourceAsStream("/promptsource/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
