package io.tuneline.template.messaging;

import io.quarkus.test.junit.QuarkusTest;
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
 * A redelivered {@code DatasetVersionCreated} renders to the same render id and rewrites identical files; each
 * render adds its truncated and skipped examples to the metrics; a version without split files is dead-lettered
 * as {@code no-splits}.
 */
@QuarkusTest
class RenderRedeliveryTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Inject
    ObjectStore store;

    @Inject
    StorageLayout layout;

    @Test
    void aRedeliveredEventRewritesIdenticalFilesAndEachRenderIsCounted() {
        String datasetId = "redelivered-" + UUID.randomUUID().toString().substring(0, 8);
        List<Map<String, Object>> train = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            train.add(TestData.chat("chat-" + i, i, 0));
        }
        train.add(TestData.chat("chat-long", 0, 12)); // over the test profile's 256 input tokens
        Map<String, Object> withoutSummary = TestData.chat("chat-no-summary", 1, 0);
        withoutSummary.remove("output");
        train.add(withoutSummary);
        ObjectRef trainRef = layout.datasetSplit(datasetId, "v1", "train");
        TestData.putLines(store, trainRef, train);
        DatasetVersionCreated event = new DatasetVersionCreated(datasetId, "v1", null,
                layout.datasetManifest(datasetId, "v1"), Map.of("train", trainRef), Map.of("train", 14L), "upload");
        double renderedBefore = metric("tuneline_template_examples_rendered_total", "task=\"dialogue_summarization\"");
        double truncatedBefore = metric("tuneline_template_examples_truncated_total", "task=\"dialogue_summarization\"");
        double skippedBefore = metric("tuneline_template_examples_skipped_total", "reason=\"missing-field\"");

        TestData.publish(event);
        PromptsRendered first = awaitRenders(datasetId, 1).get(0);

        assertThat(metric("tuneline_template_examples_rendered_total", "task=\"dialogue_summarization\""))
                .isEqualTo(renderedBefore + 13);
        assertThat(metric("tuneline_template_examples_truncated_total", "task=\"dialogue_summarization\""))
                .isEqualTo(truncatedBefore + 1);
        assertThat(metric("tuneline_template_examples_skipped_total", "reason=\"missing-field\""))
                .isEqualTo(skippedBefore + 1);
        ObjectRef prompts = first.splits().get("train");
        byte[] firstFile = store.getBytes(prompts.bucket(), prompts.key());
        // Gone before the redelivery, so the second render must write it again.
        store.delete(prompts.bucket(), prompts.key());

        TestData.publish(event);
        PromptsRendered second = awaitRenders(datasetId, 2).get(1);

        assertThat(second.renderId()).isEqualTo(first.renderId());
        assertThat(second.splits()).isEqualTo(first.splits());
        assertThat(store.getBytes(prompts.bucket(), prompts.key())).isEqualTo(firstFile);
        assertThat(TestData.readJson(store, layout.promptsManifest(datasetId, "v1", first.renderId()))
                .path("renderId").asText()).isEqualTo(first.renderId());
        assertThat(metric("tuneline_template_examples_truncated_total", "task=\"dialogue_summarization\""))
                .isEqualTo(truncatedBefore + 2);
    }

    @Test
    void aVersionWithoutSplitFilesIsDeadLetteredAsNoSplits() {
        String datasetId = "no-splits-" + UUID.randomUUID().toString().substring(0, 8);

        TestData.publish(new DatasetVersionCreated(datasetId, "v1", null, layout.datasetManifest(datasetId, "v1"),
                Map.of(), Map.of(), "upload"));

        DeadLetter deadLetter = await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                .until(() -> TestData.events(Topic.DEAD_LETTER.topicName(), DeadLetter.class).stream()
                        .filter(d -> datasetId.equals(d.originalKey())).findFirst(), Optional::isPresent)
                .orElseThrow();
        assertThat(deadLetter.errorCode()).isEqualTo("no-splits");
        assertThat(deadLetter.reason()).contains(datasetId + "/v1");
    }

    private static List<PromptsRendered> awaitRenders(String datasetId, int count) {
        return await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                .until(() -> TestData.events(Topic.PROMPTS_RENDERED.topicName(), PromptsRendered.class).stream()
                        .filter(e -> e.datasetId().equals(datasetId)).toList(), found -> found.size() >= count);
    }

    /** The sum of a Prometheus counter's samples whose labels include {@code label}; 0 when there are none. */
    static double metric(String name, String label) {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return text.lines().filter(line -> line.startsWith(name + "{") && line.contains(label))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
