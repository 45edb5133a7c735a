package io.tuneline.template.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.tuneline.contracts.events.PromptsRendered;
import io.tuneline.contracts.events.Topic;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.storage.ObjectStore;
import io.tuneline.template.testing.TestData;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/** Renders reachable over REST, loud truncation, and support-chat phrasings only for support-chat datasets. */
@QuarkusTest
class RenderBrowsingTest {

    private static final String SUPPORT_PHRASING = "dsum-support-chat";

    @Inject
    ObjectStore store;

    @Inject
    StorageLayout layout;

    @Test
    void rendersOfAVersionAreListedAndTheirPromptsPaged() {
        String datasetId = putChats("browse", 12, 0);
        String renderId = render(datasetId, Map.of()).getString("renderId");

        given().get("/api/v1/renders/{d}/v1", datasetId).then().statusCode(200)
                .body("renderId", equalTo(List.of(renderId)));
        JsonPath page = given().queryParam("offset", 2).queryParam("limit", 5)
                .get("/api/v1/renders/{d}/v1/{r}/splits/train/prompts", datasetId, renderId)
                .then().statusCode(200).extract().jsonPath();
        assertThat(page.getLong("total")).isEqualTo(12);
        assertThat(page.getList("items")).hasSize(5);
        assertThat(page.getLong("nextOffset")).isEqualTo(7);
        List<JsonNode> file = TestData.readLines(store, layout.promptsSplit(datasetId, "v1", renderId, "train"));
        assertThat(page.getString("items[0].prompt")).isEqualTo(file.get(2).get("prompt").asText());
        given().queryParam("offset", 10).get("/api/v1/renders/{d}/v1/{r}/splits/train/prompts", datasetId, renderId)
                .then().statusCode(200).body("nextOffset", nullValue());

        given().queryParam("limit", "all").get("/api/v1/renders/{d}/v1/{r}/splits/train/prompts", datasetId,
                renderId).then().statusCode(400).body("details.parameter", equalTo("limit"));
        given().get("/api/v1/renders/{d}/v1/{r}/splits/holdout/prompts", datasetId, renderId)
                .then().statusCode(404).body("error", equalTo("unknown-render"));
        given().get("/api/v1/renders/{d}/v1/{r}", datasetId, renderId).then().statusCode(200)
                .body("renderId", equalTo(renderId)).body("truncationWarning", nullValue());
    }

    @Test
    void aRenderWithMostExamplesTruncatedSaysSoInResponseAndEvent() {
        String datasetId = putChats("long", 6, 12);
        JsonPath manifest = render(datasetId, Map.of("maxInputTokens", 60));

        assertThat(manifest.getLong("truncated")).isEqualTo(6);
        assertThat(manifest.getString("truncationWarning")).startsWith("6 of 6 examples (100.0 %)")
                .contains("60 input tokens");
        String renderId = manifest.getString("renderId");
        await().untilAsserted(() -> assertThat(TestData.events(Topic.PROMPTS_RENDERED.topicName(),
                PromptsRendered.class)).filteredOn(e -> e.renderId().equals(renderId)).singleElement()
                .satisfies(e -> assertThat(e.truncationWarning()).startsWith("6 of 6")));
    }

    @Test
    void theSupportChatPhrasingIsOnlyUsedForSupportChatDatasets() {
        String dialogues = putChats("dialogues", 4, 0);
        String support = putChats("support", 4, 0);

        assertThat(render(dialogues, Map.of()).getList("components[0].templateIds", String.class))
                .isNotEmpty().doesNotContain(SUPPORT_PHRASING);
        assertThat(render(support, Map.of()).getList("components[0].templateIds", String.class))
                .contains(SUPPORT_PHRASING);
        assertThat(render(dialogues, Map.of("tags", List.of("support-chat")))
                .getList("components[0].templateIds", String.class)).contains(SUPPORT_PHRASING);
    }

    private String putChats(String prefix, int count, int extraTurns) {
        String datasetId = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        List<Map<String, Object>> chats = new ArrayList<>();
        IntStream.range(0, count).forEach(i -> chats.add(TestData.chat(prefix + "-" + i, i, extraTurns)));
        TestData.putLines(store, layout.datasetSplit(datasetId, "v1", "train"), chats);
        return datasetId;
    }

    private static JsonPath render(String datasetId, Map<String, Object> extra) {
        Map<String, Object> request = new HashMap<>(Map.of("datasetId", datasetId, "versionId", "v1",
                "task", "dialogue_summarization"));
        request.putAll(extra);
        return given().contentType(ContentType.JSON).body(request).when().post("/api/v1/renders").then()
                .statusCode(201).extract().jsonPath();
    }
}
