package io.tuneline.eval.messaging;

import io.quarkus.test.junit.QuarkusTest;
import io.tuneline.contracts.events.DeadLetter;
import io.tuneline.contracts.events.EvaluationCompleted;
import io.tuneline.contracts.events.Event;
import io.tuneline.contracts.events.ModelPromoted;
import io.tuneline.contracts.events.ModelRejected;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.events.Topic;
import io.tuneline.contracts.events.TrainingCompleted;
import io.tuneline.eval.evaluation.Decision;
import io.tuneline.eval.evaluation.EvaluatedModel;
import io.tuneline.eval.evaluation.Evaluation;
import io.tuneline.eval.evaluation.EvaluationStatus;
import io.tuneline.eval.evaluation.PromotedModel;
import io.tuneline.eval.service.EvaluationRepository;
import io.tuneline.eval.service.EvaluationService;
import io.tuneline.eval.testing.Fixtures;
import io.tuneline.eval.testing.ScriptedRunFlow;
import io.tuneline.eval.testing.Topics;
import io.tuneline.model.config.LoraConfig;
import io.tuneline.model.config.T5Config;
import io.tuneline.model.io.PeftAdapter;
import io.tuneline.model.nn.LoraAdapter;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * TrainingCompleted on the real broker → evaluation in the real S3 → ModelPromoted or ModelRejected, with
 * scripted models (answers from a file in the model folder) scored by the real ROUGE and exact match.
 */
@QuarkusTest
class TrainingCompletedFlowTest extends ScriptedRunFlow {

    private static final int CHATS = Fixtures.chats().size();
    private static final int REVIEWS = Fixtures.sentiment().size();

    @Inject
    EvaluationRepository repository;

    @Test
    void aBetterCandidateIsPromotedOnceEvenWhenTheEventIsDeliveredTwice() throws Exception {
        String modelName = "summarizer-" + suffix;
        TrainingCompleted run = run(modelName, "good-" + suffix, row -> "The customer has a problem.",
                Fixtures.Row::completion, Fixtures.Row::completion);
        Event<TrainingCompleted> event = Event.of("trainer-service", run);

        publisher.publish(event);
        publisher.publish(event);
        awaitHandled(run.runId());

        String evaluationId = EvaluationService.evaluationIdForRun(run.runId());
        List<ModelPromoted> promotions = decisions(ModelPromoted.class, modelName);
        assertThat(promotions).hasSize(1);
        assertThat(promotions.get(0).checkpoint()).isEqualTo(run.checkpoint());
        assertThat(promotions.get(0).evaluationId()).isEqualTo(evaluationId);
        assertThat(promotions.get(0).baseModel()).isNull();
        assertThat(models.promptsAnswered(run.checkpoint().key())).isEqualTo(CHATS + REVIEWS);

        List<EvaluationCompleted> completed = Topics.payloads(Topic.EVALUATIONS, EvaluationCompleted.class).stream()
                .filter(e -> e.evaluationId().equals(evaluationId)).toList();
        assertThat(completed).hasSize(1);
        assertThat(completed.get(0).gatePassed()).isTrue();
        assertThat(completed.get(0).candidateScores().get("rougeL")).isEqualTo(1.0);
        assertThat(completed.get(0).baseScores().get("rougeL")).isLessThan(0.8);
        assertThat(completed.get(0).forgetting()).containsEntry("sentiment", 0.0);
        assertThat(completed.get(0).report()).isEqualTo(layout.evaluationFile(evaluationId, "report.html"));

        Evaluation evaluation = repository.find(evaluationId).orElseThrow();
        assertThat(evaluation.status()).isEqualTo(EvaluationStatus.COMPLETED);
        assertThat(evaluation.decision()).isEqualTo(Decision.PROMOTED);
        assertThat(evaluation.reference()).isEqualTo(EvaluatedModel.BASE);
        assertThat(evaluation.testExamples()).isEqualTo(CHATS);
        assertThat(evaluation.gate().reasons()).hasSize(3);
        assertThat(evaluation.gate().reasons().get(0)).startsWith("ROUGE-L +").endsWith("against the base model");
        assertThat(evaluation.gate().reasons().get(1))
                .isEqualTo("sentiment accuracy \u00b10 % [\u00b10 %, \u00b10 %] within the 5 % tolerance");
        assertThat(evaluation.gate().reasons().get(2)).isEqualTo("held-out suite \u00b10 % (1 task, summed scores"
                + " 1.000 \u2192 1.000) within the 5 % suite tolerance");

        PromotedModel promoted = repository.promoted(modelName).orElseThrow();
        assertThat(promoted.checkpoint()).isEqualTo(run.checkpoint());
        assertThat(promoted.decidedBy()).isEqualTo(PromotedModel.BY_GATE);

        String predictions = text(evaluationId, "predictions.jsonl");
        assertThat(predictions.lines()).hasSize(CHATS);
        assertThat(text(evaluationId, "report.html")).contains("<svg").contains("candidate");
        Document chart = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(text(evaluationId, "chart.svg").getBytes(StandardCharsets.UTF_8)));
        assertThat(chart.getDocumentElement().getTagName()).isEqualTo("svg");
    }

    @Test
    void aCandidateThatForgetsBeyondTheToleranceIsRejectedWithThatReason() {
        String modelName = "forgetful-" + suffix;
        // right on every chat, but 4 of the 10 reviews now get the wrong sentiment: accuracy 1.0 -> 0.6
        TrainingCompleted run = run(modelName, "forgets-" + suffix, row -> "The customer has a problem.",
                Fixtures.Row::completion, row -> row.exampleId().compareTo("review-4") < 0
                        ? Fixtures.flipSentiment(row.completion()) : row.completion());

        publisher.publish(Event.of("trainer-service", run));
        awaitHandled(run.runId());

        List<ModelRejected> rejections = decisions(ModelRejected.class, modelName);
        assertThat(rejections).hasSize(1);
        assertThat(rejections.get(0).runId()).isEqualTo(run.runId());
        assertThat(rejections.get(0).reason()).startsWith("ROUGE-L +")
                .contains("; sentiment accuracy \u221240 % [")
                .endsWith("] forgotten: the whole interval is beyond the 5 % tolerance; held-out suite \u221240 %"
                        + " (1 task, summed scores 1.000 \u2192 0.600) exceeds the 5 % suite tolerance");
        assertThat(decisions(ModelPromoted.class, modelName)).isEmpty();
        assertThat(repository.promoted(modelName)).isEmpty();
        Evaluation evaluation = repository.find(EvaluationService.evaluationIdForRun(run.runId())).orElseThrow();
        assertThat(evaluation.decision()).isEqualTo(Decision.REJECTED);
        assertThat(evaluation.forgetting()).singleElement().satisfies(task -> {
            assertThat(task.before().estimate()).isEqualTo(1.0);
            assertThat(task.after().estimate()).isCloseTo(0.6, within(1e-12));
        });
    }

    @Test
    void aLaterRunMustBeatThePromotedModelNotJustTheBase() {
        String modelName = "twice-" + suffix;
        TrainingCompleted first = run(modelName, "first-" + suffix, row -> "The customer has a problem.",
                Fixtures.Row::completion, Fixtures.Row::completion);
        publisher.publish(Event.of("trainer-service", first));
        awaitHandled(first.runId());
        // as good as the promoted model, far better than the base: no gain over what serves now
        TrainingCompleted second = run(modelName, "second-" + suffix, row -> "The customer has a problem.",
                Fixtures.Row::completion, Fixtures.Row::completion);

        publisher.publish(Event.of("trainer-service", second));
        awaitHandled(second.runId());

        assertThat(decisions(ModelRejected.class, modelName)).singleElement().satisfies(rejected -> assertThat(
                rejected.reason()).startsWith("ROUGE-L \u00b10.000 [0.000, 0.000] against the promoted model:"
                + " the interval's lower bound is not above zero"));
        Evaluation evaluation = repository.find(EvaluationService.evaluationIdForRun(second.runId())).orElseThrow();
        assertThat(evaluation.reference()).isEqualTo(EvaluatedModel.PROMOTED);
        assertThat(evaluation.model(EvaluatedModel.PROMOTED).orElseThrow().location()).isEqualTo(first.checkpoint());
        assertThat(repository.promoted(modelName).orElseThrow().runId()).isEqualTo(first.runId());
    }

    @Test
    void aRunThatCannotBeEvaluatedIsDeadLetteredWithTheReason() {
        TrainingCompleted noTestSplit = new TrainingCompleted("no-test-" + suffix, "m-" + suffix, "base",
                new ObjectRef("tuneline-models", "base/"), "full", "d", "v1", "r-1",
                new ObjectRef("tuneline-checkpoints", "x/final/"), null, 10, 0.5, Map.of(), Map.of());

        publisher.publish(noTestSplit);

        DeadLetter letter = awaitDeadLetter(noTestSplit.runId());
        assertThat(letter.errorCode()).isEqualTo("not-evaluable");
        assertThat(letter.reason()).isEqualTo("run " + noTestSplit.runId()
                + " cannot be evaluated without prompts.test");
    }

    @Test
    void aLoraRunIsEvaluatedWithItsAdapterMergedIntoTheRealBaseModel() throws Exception {
        models.disable(); // the tiny FLAN-T5 fixture through model-core
        String runId = "lora-" + suffix;
        Path tiny = Path.of("src/test/resources/t5/flan-t5-tiny-untied");
        ObjectRef base = new ObjectRef(layout.models(), "tiny-" + runId + "/");
        store.uploadFolder(tiny, base.bucket(), base.key());
        Path adapterDir = Files.createTempDirectory("adapter");
        try (LoraAdapter adapter = LoraAdapter.initialize(T5Config.read(tiny.resolve("config.json")),
                LoraConfig.t5Defaults(4, 8, 0, "tiny"), 7)) {
            PeftAdapter.save(adapter, adapterDir);
        }
        ObjectRef checkpoint = layout.finalCheckpoint(runId);
        store.uploadFolder(adapterDir, checkpoint.bucket(), checkpoint.key());
        TrainingCompleted run = new TrainingCompleted(runId, "lora-" + suffix, "tiny", base, "lora", "d", "v1",
                "r-1", checkpoint, checkpoint, 10, 0.5, Fixtures.uploadSplits(store, layout, "chats-" + runId),
                Map.of());

        publisher.publish(run);
        awaitHandled(runId);

        // lora_B starts at zero (as PEFT initialises it): merged, the adapter changes nothing, so no gain
        assertThat(decisions(ModelRejected.class, run.modelName())).singleElement().satisfies(rejected -> assertThat(
                rejected.reason()).startsWith("ROUGE-L \u00b10.000 [0.000, 0.000] against the base model"));
        Evaluation evaluation = repository.find(EvaluationService.evaluationIdForRun(runId)).orElseThrow();
        assertThat(evaluation.method()).isEqualTo("lora");
        assertThat(evaluation.model(EvaluatedModel.CANDIDATE).orElseThrow().location()).isEqualTo(checkpoint);
        assertThat(evaluation.systems()).extracting(system -> system.name()).containsExactly("base", "candidate");
    }

    /** A run whose base answers the chats with {@code base}, whose candidate answers with {@code candidate}. */
    private TrainingCompleted run(String modelName, String runId,
                                  java.util.function.Function<Fixtures.Row, String> base,
                                  java.util.function.Function<Fixtures.Row, String> candidate,
                                  java.util.function.Function<Fixtures.Row, String> candidateSentiment) {
        return run(modelName, runId, "full", base, candidate, candidateSentiment, Map.of("train_loss", 0.4));
    }

    private DeadLetter awaitDeadLetter(String runId) {
        return await().atMost(PATIENCE).until(() -> Topics.payloads(Topic.DEAD_LETTER, DeadLetter.class).stream()
                .filter(letter -> runId.equals(letter.originalKey())).findFirst(), found -> found.isPresent()).get();
    }

    private <P extends io.tuneline.contracts.events.EventPayload> List<P> decisions(Class<P> type, String name) {
        return Topics.payloads(Topic.MODEL_DECISIONS, type).stream()
                .filter(decision -> name.equals(decision.key()))
                .toList();
    }

    private String text(String evaluationId, String file) {
        return new String(repository.file(evaluationId, file).orElseThrow(), StandardCharsets.UTF_8);
    }
}
