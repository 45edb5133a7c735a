package io.tuneline.inference.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.tuneline.contracts.events.ModelPromoted;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.inference.testing.Http;
import io.tuneline.inference.testing.LoraFixtures;
import io.tuneline.inference.testing.ModelDecisions;
import io.tuneline.inference.testing.PromotedTinyModel;
import io.tuneline.storage.ObjectStore;
import io.tuneline.testsupport.quarkus.KafkaTestResource;
import io.tuneline.testsupport.quarkus.S3TestResource;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * LoRA adapters on one loaded base, on the embedded Kafka and S3: a promoted LoRA run (its PEFT folder made here
 * with model-core) answers exactly as its merged checkpoint and is swapped like a model, under streaming clients; adapters chosen per request
 * are loaded on demand on the same base without loading the base again, evicted least recently used beyond
 * {@code adapters.max-loaded} (2 in tests); unknown, foreign and corrupt adapters get their answers while the base
 * keeps serving.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PromotedTinyModel.class)
class AdapterServingTest {

    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final String LORA = PromotedTinyModel.LORA_MODEL;
    private static final String BASE = LoraFixtures.BASE.toString();
    private static final String PROMPT = "Summarize: my parcel is late and I would like a refund";
    private static final String BASE_LOADS = "tuneline_inference_base_loads_total";
    private static final String ADAPTER_LOADS = "tuneline_inference_adapter_loads_total";
    private static final String EVICTIONS = "tuneline_inference_adapter_evictions_total";
    private static final String LOADED = "tuneline_inference_adapters_loaded";

    @TestHTTPResource("/")
    URL root;

    /** One answer of the service: its token ids (from the stream) and the version it names. */
    record Answer(List<Long> ids, String text, Map<String, Object> model) {
    }

    @BeforeEach
    void ready() {
        await().atMost(PATIENCE).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    }

    @Test
    void aPromotedLoraRunIsServedOnTheLoadedBaseAndAnswersAsItsMergedCheckpoint() throws Exception {
        double baseLoads = metric(BASE_LOADS);
        assertThat(baseLoads).as("the base was loaded at start-up").isGreaterThanOrEqualTo(1);
        Path adapterDir = LoraFixtures.adapterFolder(1, BASE);
        ObjectRef folder = withStore(store -> LoraFixtures.uploadRunAdapter(store, "run-lora-1", adapterDir));

        ModelDecisions.send(new ModelPromoted(LORA, "run-lora-1", "eval-lora-1", folder, LoraFixtures.BASE));
        await().atMost(PATIENCE).until(() -> "run-lora-1".equals(loraStatus("serving.adapter")));

        Answer answer = generate(null);
        assertThat(answer.ids()).containsExactlyElementsOf(
                boxed(LoraFixtures.greedyIdsOfMergedCheckpoint(adapterDir, PROMPT, 12)));
        assertThat(answer.model().get("source")).isEqualTo("promoted");
        assertThat(answer.model().get("runId")).isEqualTo("run-lora-1");
        assertThat(answer.model().get("adapter")).isEqualTo("run-lora-1");
        assertThat(answer.model().get("baseModel")).isEqualTo(BASE);
        assertThat(answer.model().get("checkpoint")).isEqualTo(folder.toString());
        // Naming the promoted adapter in the request is the same model.
        assertThat(generate("run-lora-1").ids()).isEqualTo(answer.ids());

        // A hot swap to another LoRA run on the same base, while 8 clients stream: it loads the adapter only, and
        // every stream started on the old adapter ends with its answer.
        Path secondDir = LoraFixtures.adapterFolder(2, BASE);
        ObjectRef second = withStore(store -> LoraFixtures.uploadRunAdapter(store, "run-lora-2", secondDir));
        List<CompletableFuture<Http.Stream>> streams = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            streams.add(Http.stream(root.toURI(), "api/v1/generate", "{\"model\":\"" + LORA + "\",\"prompt\":\"client "
                    + i + "\",\"options\":{\"maxNewTokens\":24,\"doSample\":true,\"seed\":" + i + "}}"));
        }
        ModelDecisions.send(new ModelPromoted(LORA, "run-lora-2", "eval-lora-2", second, LoraFixtures.BASE));
        for (CompletableFuture<Http.Stream> stream : streams) {
            assertThat(stream.join().status()).isEqualTo(200);
            assertThat(stream.join().endsWith("done")).as("events %s", stream.join().events()).isTrue();
        }
        await().atMost(PATIENCE).until(() -> "run-lora-2".equals(loraStatus("serving.adapter")));
        assertThat(generate(null).ids()).containsExactlyElementsOf(
                boxed(LoraFixtures.greedyIdsOfMergedCheckpoint(secondDir, PROMPT, 12)));
        assertThat(metric(BASE_LOADS)).isEqualTo(baseLoads);
    }

    @Test
    void twoAdaptersServedAlternatelyShareOneBaseLoadedOnce() {
        withStore(store -> {
            LoraFixtures.uploadNamedAdapter(store, "tone-formal", 3, BASE);
            return LoraFixtures.uploadRunAdapter(store, "run-tone-casual", LoraFixtures.adapterFolder(4, BASE));
        });
        double baseLoads = metric(BASE_LOADS);
        double adapterLoads = metric(ADAPTER_LOADS);

        Answer formal = generate("tone-formal");
        Answer casual = generate("run-tone-casual");
        for (int round = 0; round < 2; round++) {
            assertThat(generate("tone-formal").ids()).isEqualTo(formal.ids());
            assertThat(generate("run-tone-casual").ids()).isEqualTo(casual.ids());
        }
        assertThat(formal.ids()).as("different adapters, different answers").isNotEqualTo(casual.ids());
        assertThat(formal.model().get("adapter")).isEqualTo("tone-formal");
        assertThat(formal.model().get("source")).isEqualTo("adapter");
        assertThat(formal.model().get("runId")).isNull();
        assertThat(formal.model().get("checkpoint")).isEqualTo("s3://tuneline-models/_adapters/tone-formal/");
        assertThat(casual.model().get("runId")).isEqualTo("run-tone-casual");
        assertThat(casual.model().get("checkpoint"))
                .isEqualTo("s3://tuneline-checkpoints/run-tone-casual/final/");
        for (Answer answer : List.of(formal, casual)) {
            assertThat(answer.model().get("modelName")).isEqualTo(LORA);
            assertThat(answer.model().get("baseModel")).isEqualTo(BASE);
        }
        assertThat(metric(BASE_LOADS)).as("the base is not loaded again").isEqualTo(baseLoads);
        assertThat(metric(ADAPTER_LOADS)).as("each adapter loaded once").isEqualTo(adapterLoads + 2);
    }

    @Test
    void theLeastRecentlyUsedAdapterIsEvictedBeyondTheMaximum() {
        withStore(store -> {
            for (String name : List.of("lru-a", "lru-b", "lru-c")) {
                LoraFixtures.uploadNamedAdapter(store, name, name.hashCode(), BASE);
            }
            return null;
        });
        generate("lru-a");
        generate("lru-b");
        generate("lru-a"); // a is now used more recently than b
        double evictions = metric(EVICTIONS);
        double loads = metric(ADAPTER_LOADS);
        generate("lru-c"); // max 2: b goes

        assertThat(loadedAdapters()).containsExactly("lru-a", "lru-c");
        assertThat((Object) loraStatus("maxAdapters")).isEqualTo(2);
        assertThat(metric(EVICTIONS)).isEqualTo(evictions + 1);
        assertThat(metric(LOADED)).isEqualTo(2);
        generate("lru-b"); // loaded again; a (least recently used now) goes
        assertThat(metric(ADAPTER_LOADS)).isEqualTo(loads + 2);
        assertThat(loadedAdapters()).containsExactly("lru-c", "lru-b");
    }

    @Test
    void unknownForeignAndCorruptAdaptersAreRefusedAndTheBaseKeepsServing() {
        withStore(store -> {
            LoraFixtures.uploadNamedAdapter(store, "other-base", 5, "s3://tuneline-models/flan-t5-large/");
            LoraFixtures.uploadNamedAdapter(store, "tiny-tone", 6, BASE);
            LoraFixtures.uploadCorruptAdapter(store, "corrupt");
            return PromotedTinyModel.uploadCheckpoint(store, "run-full");
        });
        refused(LORA, "no-such-adapter", 404, "unknown-adapter", "no adapter 'no-such-adapter'");
        refused(LORA, "run-full", 404, "unknown-adapter", "full model");
        refused(LORA, "other-base", 422, "adapter-wrong-base", "flan-t5-large");
        // support-summarizer serves a fully fine-tuned checkpoint, not the base the adapter was trained on.
        refused(PromotedTinyModel.MODEL, "tiny-tone", 422, "adapter-wrong-base", BASE);
        refused(LORA, "corrupt", 422, "adapter-unreadable", "safetensors");
        given().contentType(ContentType.JSON)
                .body(Map.of("model", LORA, "prompt", PROMPT, "adapter", "../escape"))
                .post("/api/v1/generate").then().statusCode(400).body("error", equalTo("invalid-options"));

        // The base keeps serving, alone and with a sound adapter, and the batch and summary forms take adapters.
        given().contentType(ContentType.JSON).body(Map.of("model", LORA, "prompt", PROMPT))
                .post("/api/v1/generate").then().statusCode(200);
        given().contentType(ContentType.JSON)
                .body(Map.of("model", LORA, "adapter", "tiny-tone", "prompts", List.of(PROMPT, "hello"),
                        "options", Map.of("maxNewTokens", 4)))
                .post("/api/v1/generate/batch").then().statusCode(200)
                .body("results.model.adapter", equalTo(List.of("tiny-tone", "tiny-tone")));
        given().contentType(ContentType.JSON)
                .body(Map.of("model", LORA, "adapter", "tiny-tone", "dialogue", "#Person1#: Hi.\n#Person2#: Hello.",
                        "options", Map.of("maxNewTokens", 4)))
                .post("/api/v1/summarize").then().statusCode(200).body("model.adapter", equalTo("tiny-tone"));
    }

    private static void refused(String model, String adapter, int status, String error, String reason) {
        given().contentType(ContentType.JSON).body(Map.of("model", model, "prompt", PROMPT, "adapter", adapter))
                .post("/api/v1/generate").then().statusCode(status)
                .body("error", equalTo(error))
                .body("message", containsString(reason));
    }

    /** Greedy, 12 new tokens, streamed so that the token ids can be compared. */
    private Answer generate(String adapter) {
        String body = "{\"model\":\"" + LORA + "\"," + (adapter == null ? "" : "\"adapter\":\"" + adapter + "\",")
                + "\"prompt\":\"" + PROMPT + "\",\"options\":{\"maxNewTokens\":12}}";
        Http.Stream stream;
        try {
            stream = Http.stream(root.toURI(), "api/v1/generate", body).join();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.endsWith("done")).as("events %s", stream.events()).isTrue();
        List<Long> ids = stream.events().stream().filter(event -> event.name().equals("token"))
                .map(event -> JsonPath.from(event.data()).getLong("token")).toList();
        JsonPath done = JsonPath.from(stream.events().get(stream.events().size() - 1).data());
        return new Answer(ids, done.getString("text"), done.getMap("model"));
    }

    /** The adapters loaded on the LoRA model name's base, least recently used first. */
    private static List<String> loadedAdapters() {
        return loraStatus("adapters.adapter");
    }

    /** A field of the LoRA model name's entry in {@code GET /api/v1/models}. */
    private static <T> T loraStatus(String path) {
        return given().get("/api/v1/models").then().statusCode(200).extract().jsonPath()
                .get("find { it.name == '" + LORA + "' }." + path);
    }

    /** The value of a Prometheus series of the LoRA model name in {@code /q/metrics} (0 when absent). */
    private static double metric(String name) {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return text.lines().filter(line -> line.startsWith(name + "{") && line.contains("model=\"" + LORA + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private static <T> T withStore(Function<ObjectStore, T> work) {
        try (ObjectStore store = PromotedTinyModel.store(S3TestResource.server())) {
            return work.apply(store);
        }
    }

    private static List<Long> boxed(long[] ids) {
        return Arrays.stream(ids).boxed().toList();
    }
}
