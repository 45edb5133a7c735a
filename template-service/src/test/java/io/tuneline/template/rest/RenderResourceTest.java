package io.tuneline.template.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.storage.ObjectStore;
import io.tuneline.template.testing.TestData;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;

@QuarkusTest
class RenderResourceTest {

    @Inject
    ObjectStore store;

    @Inject
    StorageLayout layout;

    @Test
    void renderingOnRequestIsReproducibleAndTheSeedChangesThePhrasing() {
        List<Map<String, Object>> chats = new ArrayList<>();
        IntStream.range(0, 40).forEach(i -> chats.add(TestData.chat("topic-chat-" + i, i, 0)));
        TestData.putLines(store, layout.datasetSplit("topics", "v2", "train"), chats);
        Map<String, Object> request = Map.of("datasetId", "topics", "versionId", "v2", "task", "dialogue_topic",
                "seed", 5);

        String first = render(request);
        List<JsonNode> firstLines = lines(first);
        String again = render(request);
        String reseeded = render(Map.of("datasetId", "topics", "versionId", "v2", "task", "dialogue_topic",
                "seed", 6));

        assertThat(again).isEqualTo(first);
        assertThat(lines(again)).isEqualTo(firstLines);
        assertThat(reseeded).isNotEqualTo(first);
        List<JsonNode> reseededLines = lines(reseeded);
        assertThat(reseededLines).extracting(l -> l.get("exampleId").asText())
                .isEqualTo(firstLines.stream().map(l -> l.get("exampleId").asText()).toList());
        long samePhrasing = IntStream.range(0, 40).filter(i -> reseededLines.get(i).get("templateId")
                .equals(firstLines.get(i).get("templateId"))).count();
        assertThat(samePhrasing).isLessThan(30);
        assertThat(firstLines).allSatisfy(line -> {
            assertThat(line.get("task").asText()).isEqualTo("dialogue_topic");
            assertThat(line.get("completion").asText()).isNotBlank();
        });
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("tuneline_template_examples_rendered_total{task=\"dialogue_topic\"}"));
    }

    @Test
    void answersWithClearErrorsForWhatCannotBeRendered() {
        given().contentType(ContentType.JSON).body(Map.of("datasetId", "nowhere", "versionId", "v1"))
                .when().post("/api/v1/renders").then().statusCode(404)
                .body("error", equalTo("dataset-version-not-found"));
        given().contentType(ContentType.JSON).body(Map.of("datasetId", "../etc", "versionId", "v1"))
                .when().post("/api/v1/renders").then().statusCode(400)
                .body("error", equalTo("invalid-argument"));
        given().contentType(ContentType.JSON).body(Map.of("versionId", "v1"))
                .when().post("/api/v1/renders").then().statusCode(400)
                .body("error", equalTo("invalid-render"));
        given().when().get("/api/v1/renders/nowhere/v1/r-0000").then().statusCode(404)
                .body("error", equalTo("unknown-render"));
    }

    @Test
    void theOpenApiDocumentDescribesTheApi() {
        given().accept(ContentType.JSON).when().get("/q/openapi").then().statusCode(200)
                .body("paths", hasKey("/api/v1/templates"))
                .body("paths", hasKey("/api/v1/templates/import"))
                .body("paths", hasKey("/api/v1/templates/preview"))
                .body("paths", hasKey("/api/v1/renders"))
                .body("paths", hasKey("/api/v1/mixtures/{name}/renders"));
    }

    private static String render(Map<String, Object> request) {
        return given().contentType(ContentType.JSON).body(request).when().post("/api/v1/renders").then()
                .statusCode(201).extract().path("renderId");
    }

    private List<JsonNode> lines(String renderId) {
        return TestData.readLines(store, layout.promptsSplit("topics", "v2", renderId, "train"));
    }
}
