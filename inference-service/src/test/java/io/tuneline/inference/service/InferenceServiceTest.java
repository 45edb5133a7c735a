package io.tuneline.inference.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tuneline.common.rest.ApiException;
import io.tuneline.contracts.api.GenerationResult;
import io.tuneline.inference.model.LoadedModel;
import io.tuneline.inference.model.ServedModel;
import io.tuneline.inference.testing.PromotedTinyModel;
import io.tuneline.model.generate.GenerationConfig;
import io.tuneline.model.generate.Generator;
import io.tuneline.model.generate.T5Seq2SeqModel;
import io.tuneline.storage.ObjectStore;
import io.tuneline.storage.S3Settings;
import io.tuneline.testsupport.junit.EmbeddedS3Extension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks a request passes before it reaches a batching engine, and that what comes back is what the model
 * generates alone: {@link InferenceService} over a registry serving the tiny FLAN-T5 checkpoint as a local fallback
 * (embedded S3 only because the registry looks for a promoted record there first); no Quarkus, no HTTP.
 */
class InferenceServiceTest {

    private static final String MODEL = "summarizer";
    private static final String EMPTY = "not-loaded";
    private static final GenerationOptions GREEDY_8 = new GenerationOptions(8, null, null, null, null, null, null,
            null, null);

    @RegisterExtension
    static final EmbeddedS3Extension S3 = EmbeddedS3Extension.withBuckets(
            PromotedTinyModel.LAYOUT.allBuckets().toArray(String[]::new));

    @TempDir
    static Path cacheDir;

    private static ObjectStore store;
    private static ModelRegistry registry;
    private static InferenceService service;

    @BeforeAll
    static void serveTheTinyModel() {
        store = new ObjectStore(new S3Settings(S3.endpoint(), S3.accessKey(), S3.secretKey(), null));
        TestConfig config = TestConfig.of(cacheDir,
                Map.of(MODEL, PromotedTinyModel.CHECKPOINT.toAbsolutePath().toString()), MODEL, EMPTY)
                .withLimits(TestConfig.limits(60, 32));
        InferenceMetrics metrics = new InferenceMetrics(new SimpleMeterRegistry());
        registry = new ModelRegistry(config, store, PromotedTinyModel.LAYOUT, metrics);
        registry.onStart(new StartupEvent());
        ServedModel slot = registry.find(MODEL).orElseThrow();
        ServedModel empty = registry.find(EMPTY).orElseThrow();
        await().atMost(Duration.ofSeconds(60)).until(() -> slot.current() != null && empty.lastFailure() != null);
        service = new InferenceService(registry, config, metrics);
    }

    @AfterAll
    static void stop() {
        registry.onStop(new ShutdownEvent());
        store.close();
    }

    @Test
    void aGenerationStreamsAndReturnsWhatTheModelGeneratesAlone() throws Exception {
        String prompt = "Summarize: the parcel is late and a trace was opened.";
        List<TokenEvent> streamed = new ArrayList<>();

        GenerationResult result = service.start(MODEL, null, prompt, GREEDY_8, streamed::add)
                .result().get(60, TimeUnit.SECONDS);

        LoadedModel model = registry.find(MODEL).orElseThrow().current();
        T5Seq2SeqModel alone = new T5Seq2SeqModel(model.base().model());
        long[] expected = new Generator(alone, alone.specialTokens())
                .generate(new long[][] {model.tokenizer().encode(prompt)}, GenerationConfig.greedy(8))[0];
        long[] newTokens = Arrays.copyOfRange(expected, 1, expected.length);
        assertThat(streamed).extracting(TokenEvent::token).containsExactlyElementsOf(
                Arrays.stream(newTokens).boxed().toList());
        assertThat(streamed).extracting(TokenEvent::index).containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, newTokens.length).boxed().toList());
        assertThat(String.join("", streamed.stream().map(TokenEvent::text).toList())).isEqualTo(result.text());
        assertThat(result.text()).isEqualTo(model.tokenizer().decode(newTokens, true));
        assertThat(result.newTokens()).isEqualTo(newTokens.length);
        assertThat(result.promptTokens()).isEqualTo(model.tokenizer().encode(prompt).length);
        assertThat(result.model()).isEqualTo(model.version());
        assertThat(result.finishReason()).isIn("eos", "length");
    }

    @Test
    void theSameSeedSamplesTheSameTextAndABatchKeepsItsOrder() throws Exception {
        GenerationOptions sampling = new GenerationOptions(8, null, null, null, true, 0.9, 20, null, 5L);
        List<String> prompts = List.of("first chat", "a second, longer chat about a refund", "third");

        List<InferenceService.Generation> batch = service.startAll(MODEL, null, prompts, sampling);
        List<String> texts = new ArrayList<>();
        for (InferenceService.Generation generation : batch) {
            texts.add(generation.result().get(60, TimeUnit.SECONDS).text());
        }

        for (int i = 0; i < prompts.size(); i++) {
            GenerationResult single = service.start(MODEL, null, prompts.get(i), sampling, token -> { })
                    .result().get(60, TimeUnit.SECONDS);
            assertThat(single.text()).as("prompt %d", i).isEqualTo(texts.get(i));
        }
    }

    @Test
    void aSummaryIsTheDialogueInTheTemplateWithTheSummaryDefaults() {
        assertThat(service.summaryPrompt("#Person1#: Hi.", null)).isEqualTo("Summarize the chat.\n\n#Person1#: Hi.");
        assertThat(service.summaryPrompt("#Person1#: Hi.", "  ")).isEqualTo("Summarize the chat.\n\n#Person1#: Hi.");
        assertThat(service.summaryPrompt("#Person1#: Hi.", " hotel check-in "))
                .isEqualTo("Summarize the chat about hotel check-in.\n\n#Person1#: Hi.");
        // one pass: text that looks like a placeholder (or a regex replacement) is the caller's text, kept as it is
        assertThat(service.summaryPrompt("#Person1#: {about_topic} costs $1", "{dialogue}"))
                .isEqualTo("Summarize the chat about {dialogue}.\n\n#Person1#: {about_topic} costs $1");
        assertThat(service.summaryDefaults().maxNewTokens()).isEqualTo(12);
        assertThat(service.summaryDefaults().numBeams()).isNull();
    }

    @Test
    void aBatchOfSummariesTakesOneTopicPerDialogueOrNone() {
        assertThat(service.summaryPrompts(List.of("a", "b"), null))
                .containsExactly("Summarize the chat.\n\na", "Summarize the chat.\n\nb");
        assertThat(service.summaryPrompts(List.of("a", "b"), Arrays.asList(null, "refunds")))
                .containsExactly("Summarize the chat.\n\na", "Summarize the chat about refunds.\n\nb");
        assertRefused(() -> service.summaryPrompts(List.of("a", "b"), List.of("refunds")), 400,
                InferenceException.ERROR_INVALID_OPTIONS);
    }

    @Test
    void badRequestsAreRefusedWithTheDocumentedStatusAndReason() {
        assertRefused(() -> service.start("unknown", null, "hi", null, token -> { }), 404,
                InferenceException.ERROR_UNKNOWN_MODEL);
        assertRefused(() -> service.start(EMPTY, null, "hi", null, token -> { }), 503,
                InferenceException.ERROR_MODEL_NOT_READY);
        assertRefused(() -> service.start(MODEL, "../other", "hi", null, token -> { }), 400,
                InferenceException.ERROR_INVALID_OPTIONS);
        assertRefused(() -> service.start(MODEL, null, "hi", new GenerationOptions(33, null, null, null, null, null,
                null, null, null), token -> { }), 400, InferenceException.ERROR_INVALID_OPTIONS);
        assertRefused(() -> service.start(MODEL, null, "hi", new GenerationOptions(null, 2, null, null, true, null,
                null, null, null), token -> { }), 400, InferenceException.ERROR_INVALID_OPTIONS);
        assertRefused(() -> service.startAll(MODEL, null, List.of("a", "b", "c", "d", "e"), null), 400,
                InferenceException.ERROR_INVALID_OPTIONS);
        ApiException tooLong = assertRefused(() -> service.start(MODEL, null, "word ".repeat(200), null,
                token -> { }), 413, InferenceException.ERROR_INPUT_TOO_LONG);
        assertThat(tooLong.toApiError().details()).containsEntry("limitTokens", 60);
        // nothing refused holds a lease: the model is not kept from being released
        assertThat(registry.find(MODEL).orElseThrow().current().leases()).isZero();
    }

    private static ApiException assertRefused(Runnable call, int status, String error) {
        ApiException refused = catchThrowableOfType(ApiException.class, call::run);
        assertThat(refused).as("refusal %s", error).isNotNull();
        assertThat(refused.status()).isEqualTo(status);
        assertThat(refused.toApiError().error()).isEqualTo(error);
        return refused;
    }
}
