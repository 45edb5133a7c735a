package io.tuneline.template.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.tuneline.contracts.events.DatasetVersionCreated;
import io.tuneline.contracts.events.DeadLetter;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.events.PromptsRendered;
import io.tuneline.contracts.events.Topic;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.storage.ObjectStore;
import io.tuneline.template.testing.TestData;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Automatic rendering with its settings: a configured task that does not exist dead-letters the version as
 * {@code unknown-task}, a tokenizer that cannot be found as {@code tokenizer-unavailable}, and once both exist only
 * the templates in {@code auto-render.template-ids} are used.
 */
@QuarkusTest
@TestProfile(AutoRenderSettingsTest.Settings.class)
class AutoRenderSettingsTest {

    static final String TASK = "auto_render_summaries";
    static final String MODEL = "auto-render-model";

    public static class Settings implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "tuneline.template.auto-render.task", TASK,
                    "tuneline.template.auto-render.template-ids", "auto-a,auto-b",
                    // No local tokenizer: the model's tokenizer.json in the models bucket, which the test uploads.
                    "%test.tuneline.template.tokenizer.path", "",
                    "tuneline.template.tokenizer.path", "",
                    "tuneline.template.tokenizer.model", MODEL);
        }
    }

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Inject
    ObjectStore store;

    @Inject
    StorageLayout layout;

    @Test
    void deadLettersUntilTaskAndTokenizerExistThenRendersOnlyTheConfiguredTemplates() throws IOException {
        String datasetId = "auto-" + UUID.randomUUID().toString().substring(0, 8);
        List<Map<String, Object>> train = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            train.add(TestData.chat("chat-" + i, i, 0));
        }
        ObjectRef trainRef = layout.datasetSplit(datasetId, "v1", "train");
        TestData.putLines(store, trainRef, train);

        publishVersion(datasetId, "v1", trainRef);
        assertThat(awaitDeadLetter(datasetId, "unknown-task").reason()).contains(TASK);

        given().contentType(ContentType.JSON).body(Map.of("name", TASK,
                        "fields", List.of(Map.of("name", "dialogue", "source", "input", "required", true),
                                Map.of("name", "summary", "source", "output", "required", true)),
                        "dataField", "dialogue"))
                .when().post("/api/v1/tasks").then().statusCode(201);
        for (String id : List.of("auto-a", "auto-b", "auto-c")) {
            given().contentType(ContentType.JSON).body(Map.of("id", id, "task", TASK,
                            "jinja", "Template " + id + ".\n{{ dialogue }}\n|||\n{{ summary }}"))
                    .when().post("/api/v1/templates").then().statusCode(201);
        }
        publishVersion(datasetId, "v2", trainRef);
        assertThat(awaitDeadLetter(datasetId, "tokenizer-unavailable").reason()).contains(MODEL);

        ObjectRef model = layout.baseModel(MODEL);
        try (InputStream tokenizer = AutoRenderSettingsTest.class.getResourceAsStream("/tokenizer.json")) {
            store.put(model.bucket(), model.key() + StorageLayout.TOKENIZER_JSON, tokenizer.readAllBytes(),
                    "application/json");
        }
        publishVersion(datasetId, "v3", trainRef);

        PromptsRendered rendered = await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                .until(() -> TestData.events(Topic.PROMPTS_RENDERED.topicName(), PromptsRendered.class).stream()
                        .filter(e -> e.datasetId().equals(datasetId)).findFirst(), Optional::isPresent)
                .orElseThrow();
        assertThat(rendered.versionId()).isEqualTo("v3");
        List<JsonNode> lines = TestData.readLines(store, rendered.splits().get("train"));
        assertThat(lines).hasSize(30);
        assertThat(lines).extracting(line -> line.get("templateId").asText())
                .containsOnly("auto-a", "auto-b").contains("auto-a", "auto-b");
    }

    private void publishVersion(String datasetId, String versionId, ObjectRef trainRef) {
        TestData.publish(new DatasetVersionCreated(datasetId, versionId, null,
                layout.datasetManifest(datasetId, versionId), Map.of("train", trainRef), Map.of("train", 30L),
                "upload"));
    }

    private static DeadLetter awaitDeadLetter(String datasetId, String errorCode) {
        return await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                .until(() -> TestData.events(Topic.DEAD_LETTER.topicName(), DeadLetter.class).stream()
                        .filter(d -> datasetId.equals(d.originalKey()) && errorCode.equals(d.errorCode()))
                        .findFirst(), Optional::isPresent)
                .orElseThrow();
    }
}
