package io.tuneline.template.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.tuneline.contracts.events.DatasetVersionCreated;
import io.tuneline.contracts.events.DeadLetter;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.events.PromptsRendered;
import io.tuneline.contracts.events.Topic;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.storage.ObjectStore;
import io.tuneline.template.testing.TestData;
import io.tuneline.template.library.PromptTemplate;
import io.tuneline.template.service.TemplateRegistry;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
class DatasetVersionRenderingTest {

    @Inject
    ObjectStore store;

    @Inject
    StorageLayout layout;

    @Inject
    TemplateRegistry templates;

    @Test
    void aNewDatasetVersionIsRenderedIntoPromptFilesAndAnnounced() {
        String datasetId = "support-chats";
        String versionId = "v1";
        List<Map<String, Object>> train = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            train.add(TestData.chat("chat-" + i, i, 0));
        }
        train.add(TestData.chat("chat-long", 0, 12));
        Map<String, Object> withoutSummary = TestData.chat("chat-no-summary", 1, 0);
        withoutSummary.remove("output");
        train.add(withoutSummary);
        List<Map<String, Object>> validation = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            validation.add(TestData.chat("val-" + i, i, 0));
        }
        ObjectRef trainRef = layout.datasetSplit(datasetId, versionId, "train");
        ObjectRef validationRef = layout.datasetSplit(datasetId, versionId, "validation");
        TestData.putLines(store, trainRef, train);
        TestData.putLines(store, validationRef, validation);

        TestData.publish(new DatasetVersionCreated(datasetId, versionId, null,
                layout.datasetManifest(datasetId, versionId), Map.of("train", trainRef, "validation", validationRef),
                Map.of("train", 32L, "validation", 5L), "upload"));

        PromptsRendered rendered = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> renderedEvent(datasetId), Optional::isPresent).orElseThrow();
        assertThat(rendered.versionId()).isEqualTo(versionId);
        assertThat(rendered.mixture()).isNull();
        assertThat(rendered.counts()).containsEntry("train", 31L).containsEntry("validation", 5L);
        assertThat(rendered.truncated()).isEqualTo(1);
        assertThat(rendered.splits().get("train"))
                .isEqualTo(layout.promptsSplit(datasetId, versionId, rendered.renderId(), "train"));

        List<JsonNode> lines = TestData.readLines(store, rendered.splits().get("train"));
        assertThat(lines).hasSize(31);
        Set<String> templateIds = new HashSet<>();
        for (JsonNode line : lines) {
            assertThat(line.get("task").asText()).isEqualTo("dialogue_summarization");
            assertThat(line.get("completion").asText()).contains("looks into it");
            PromptTemplate template = templates.require(line.get("templateId").asText());
            assertThat(template.task()).isEqualTo("dialogue_summarization");
            templateIds.add(template.id());
            for (String instruction : instructionParts(template)) {
                assertThat(line.get("prompt").asText()).as("instruction of %s", template.id())
                        .contains(instruction);
            }
        }
        assertThat(templateIds).as("seeded choice varies the phrasing").hasSizeGreaterThan(3);
        JsonNode longChat = lines.stream().filter(l -> l.get("exampleId").asText().equals("chat-long")).findFirst()
                .orElseThrow();
        String fullDialogue = (String) TestData.chat("chat-long", 0, 12).get("input");
        assertThat(longChat.get("prompt").asText()).contains("#Person1#: Hello, my router does not turn on.")
                .doesNotContain(fullDialogue);

        JsonNode manifest = TestData.readJson(store, layout.promptsManifest(datasetId, versionId,
                rendered.renderId()));
        JsonNode trainSummary = manifest.path("splits").path("train");
        assertThat(trainSummary.path("examples").asLong()).isEqualTo(31);
        assertThat(trainSummary.path("truncated").asLong()).isEqualTo(1);
        assertThat(trainSummary.path("skipped").path("missing-field").asLong()).isEqualTo(1);
        assertThat(trainSummary.path("byTask").path("dialogue_summarization").asLong()).isEqualTo(31);
        long perTemplate = 0;
        for (JsonNode count : trainSummary.path("byTemplate")) {
            perTemplate += count.asLong();
        }
        assertThat(perTemplate).isEqualTo(31);
        assertThat(manifest.path("maxInputTokens").asInt()).isEqualTo(256);
        assertThat(manifest.path("truncated").asLong()).isEqualTo(1);
    }

    @Test
    void aVersionWhoseSplitFileIsMissingIsDeadLetteredWithTheReason() {
        ObjectRef missing = layout.datasetSplit("ghost-chats", "v1", "train");

        TestData.publish(new DatasetVersionCreated("ghost-chats", "v1", null,
                layout.datasetManifest("ghost-chats", "v1"), Map.of("train", missing), Map.of("train", 3L),
                "upload"));

        DeadLetter deadLetter = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> TestData.events(Topic.DEAD_LETTER.topicName(), DeadLetter.class).stream()
                        .filter(d -> "ghost-chats".equals(d.originalKey())).findFirst(), Optional::isPresent)
                .orElseThrow();
        assertThat(deadLetter.service()).isEqualTo("template-service");
        assertThat(deadLetter.errorCode()).isEqualTo("dataset-split-not-found");
        assertThat(deadLetter.reason()).contains("train");
    }

    private static Optional<PromptsRendered> renderedEvent(String datasetId) {
        return TestData.events(Topic.PROMPTS_RENDERED.topicName(), PromptsRendered.class).stream()
                .filter(e -> e.datasetId().equals(datasetId)).findFirst();
    }

    /** The fixed text of a template's prompt: what must survive any truncation. */
    static List<String> instructionParts(PromptTemplate template) {
        String prompt = template.jinja().substring(0, template.jinja().indexOf("|||"));
        return java.util.Arrays.stream(prompt.split("\\{\\{.*?}}|\\{%.*?%}")).map(String::strip)
                .filter(part -> part.length() > 3).toList();
    }
}
