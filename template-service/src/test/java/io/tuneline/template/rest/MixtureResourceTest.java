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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
class MixtureResourceTest {

    private static final int TOTAL = 1000;

    @Inject
    ObjectStore store;

    @Inject
    StorageLayout layout;

    @Test
    void rendersAMixtureInTheRequestedProportions() {
        List<Map<String, Object>> train = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            train.add(TestData.chat("mix-chat-" + i, i, 0));
        }
        List<Map<String, Object>> test = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            test.add(TestData.chat("mix-test-" + i, i, 0));
        }
        TestData.putLines(store, layout.datasetSplit("helpdesk", "v7", "train"), train);
        TestData.putLines(store, layout.datasetSplit("helpdesk", "v7", "test"), test);
        Map<String, Object> chats = Map.of("datasetId", "helpdesk", "versionId", "v7");
        Map<String, Object> general = Map.of("kind", "general");

        given().contentType(ContentType.JSON).body(Map.of("name", "support-with-replay",
                        "description", "70 % support-chat summarization, 30 % replay of general tasks",
                        "totalExamples", TOTAL, "seed", 11, "components", List.of(
                                Map.of("task", "dialogue_summarization", "source", chats, "weight", 70),
                                Map.of("task", "review_rating", "source", general, "weight", 10),
                                Map.of("task", "sentiment", "source", general, "weight", 10),
                                Map.of("task", "named_entity_extraction", "source", general, "weight", 10))))
                .when().post("/api/v1/mixtures").then().statusCode(201);
        given().when().get("/api/v1/mixtures").then().statusCode(200).body("name", hasItem("support-with-replay"));

        JsonPath manifest = given().when().post("/api/v1/mixtures/support-with-replay/renders").then()
                .statusCode(201).body("mixture", equalTo("support-with-replay"))
                .body("datasetId", equalTo("helpdesk")).body("versionId", equalTo("v7"))
                .extract().jsonPath();

        String renderId = manifest.getString("renderId");
        List<JsonNode> lines = TestData.readLines(store, layout.promptsSplit("helpdesk", "v7", renderId, "train"));
        assertThat(lines).hasSize(TOTAL);
        Map<String, Long> byTask = lines.stream().collect(Collectors.groupingBy(l -> l.get("task").asText(),
                Collectors.counting()));
        // Four binomial standard deviations around 70 % and 10 % of 1000.
        assertThat(byTask.get("dialogue_summarization")).isBetween(642L, 758L);
        for (String replayed : List.of("review_rating", "sentiment", "named_entity_extraction")) {
            assertThat(byTask.get(replayed)).as(replayed).isBetween(62L, 138L);
        }
        assertThat(manifest.getLong("splits.train.byTask.dialogue_summarization"))
                .isEqualTo(byTask.get("dialogue_summarization"));
        // The 120 chats fill about 700 slots: each is used several times, with fresh phrasings.
        Map<String, Long> uses = lines.stream().filter(l -> l.get("task").asText().equals("dialogue_summarization"))
                .collect(Collectors.groupingBy(l -> l.get("exampleId").asText(), Collectors.counting()));
        assertThat(uses).hasSize(120);
        long fewest = uses.values().stream().mapToLong(Long::longValue).min().orElseThrow();
        assertThat(uses.values()).allSatisfy(count -> assertThat(count).isBetween(fewest, fewest + 1));
        assertThat(fewest).isEqualTo(byTask.get("dialogue_summarization") / 120);
        // A fresh phrasing per repetition: a phrasing fixed per chat would give every chat one template.
        Map<String, Long> phrasingsPerChat = lines.stream()
                .filter(l -> l.get("task").asText().equals("dialogue_summarization"))
                .collect(Collectors.groupingBy(l -> l.get("exampleId").asText(),
                        Collectors.mapping(l -> l.get("templateId").asText(),
                                Collectors.collectingAndThen(Collectors.toSet(), set -> (long) set.size()))));
        assertThat(phrasingsPerChat.values().stream().filter(count -> count > 1).count()).isGreaterThan(100);
        // The tasks interleave rather than follow each other in blocks.
        assertThat(lines.subList(0, 50)).extracting(l -> l.get("task").asText()).contains("dialogue_summarization")
                .containsAnyOf("review_rating", "sentiment", "named_entity_extraction");

        // Other splits are sized by the dataset: all 14 test chats once, plus replay to the same 70/30 ratio.
        Map<String, Long> testTasks = TestData.readLines(store, layout.promptsSplit("helpdesk", "v7", renderId,
                "test")).stream().collect(Collectors.groupingBy(l -> l.get("task").asText(), Collectors.counting()));
        assertThat(testTasks.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(20);
        // The chats have no validation split, so neither has the mixture (replay alone does not make one).
        assertThat(manifest.getMap("splits")).containsOnlyKeys("train", "test");

        PromptsRendered event = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> TestData.events(Topic.PROMPTS_RENDERED.topicName(), PromptsRendered.class).stream()
                        .filter(e -> renderId.equals(e.renderId())).findFirst(), Optional::isPresent).orElseThrow();
        assertThat(event.mixture()).isEqualTo("support-with-replay");
        assertThat(event.counts()).containsEntry("train", (long) TOTAL).containsKey("test");
    }

    @Test
    void theSameSeedRendersTheSameMixture() {
        TestData.putLines(store, layout.datasetSplit("helpdesk-small", "v1", "train"),
                List.of(TestData.chat("a", 0, 0), TestData.chat("b", 1, 0), TestData.chat("c", 2, 0)));
        given().contentType(ContentType.JSON).body(Map.of("name", "small-replay", "totalExamples", 40, "components",
                        List.of(Map.of("task", "dialogue_summarization", "weight", 0.5,
                                        "source", Map.of("datasetId", "helpdesk-small", "versionId", "v1")),
                                Map.of("task", "sentiment", "weight", 0.5, "source", Map.of("kind", "general")))))
                .when().post("/api/v1/mixtures").then().statusCode(201);

        String first = given().when().post("/api/v1/mixtures/small-replay/renders").then().statusCode(201)
                .extract().path("renderId");
        List<JsonNode> firstLines = TestData.readLines(store, layout.promptsSplit("helpdesk-small", "v1", first,
                "train"));
        String second = given().when().post("/api/v1/mixtures/small-replay/renders").then().statusCode(201)
                .extract().path("renderId");

        assertThat(second).isEqualTo(first);
        assertThat(TestData.readLines(store, layout.promptsSplit("helpdesk-small", "v1", second, "train")))
                .isEqualTo(firstLines);
    }

    @Test
    void refusesInvalidMixtures() {
        given().contentType(ContentType.JSON).body(Map.of("name", "bad", "components", List.of(
                        Map.of("task", "dialogue_summarization", "weight", 1, "source", Map.of("kind", "general")))))
                .when().post("/api/v1/mixtures").then().statusCode(400).body("error", equalTo("invalid-mixture"));
        given().contentType(ContentType.JSON).body(Map.of("name", "bad", "components", List.of(
                        Map.of("task", "sentiment", "weight", 0, "source", Map.of("kind", "general")))))
                .when().post("/api/v1/mixtures").then().statusCode(400).body("error", equalTo("invalid-mixture"));
        given().when().post("/api/v1/mixtures/no-such-mixture/renders").then().statusCode(404)
                .body("error", equalTo("unknown-mixture"));
    }
}
