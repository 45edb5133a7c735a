package io.tuneline.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tuneline.model.io.T5Checkpoint;
import io.tuneline.contracts.events.TrainingProgress;
import io.tuneline.model.io.T5Checkpoint;
import io.tuneline.model.nn.T5ForConditionalGeneration;
import io.tuneline.worker.data.RunInputs;
import io.tuneline.worker.output.LocalRunOutput;
import io.tuneline.worker.progress.RunResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FineTuningRunTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void lossFallsOnGeneratedPairsAndTheResultIsAHuggingFaceFolderThatLoadsBack() throws Exception {
        Path train = TrainingFixtures.writePairs(dir.resolve("train.jsonl"), 320, 1);
        Path validation = TrainingFixtures.writePairs(dir.resolve("validation.jsonl"), 40, 2);
        Map<String, Object> fields = TrainingFixtures.fields(train, validation, 80);
        fields.put("checkpointEvery", 20);
        fields.put("evalEvery", 10);
        fields.put("keepBest", 1);
        Path out = dir.resolve("out");
        RecordingSink sink = new RecordingSink();

        RunResult result = run("run-1", fields, out, sink);

        assertThat(sink.started.get(0).trainExamples()).isEqualTo(320);
        assertThat(sink.progress).hasSize(80);
        double firstLosses = sink.progress.subList(0, 5).stream().mapToDouble(TrainingProgress::loss).average()
                .orElseThrow();
        double lastLosses = sink.progress.subList(75, 80).stream().mapToDouble(TrainingProgress::loss).average()
                .orElseThrow();
        List<Double> validationLosses = sink.progress.stream().map(TrainingProgress::validationLoss)
                .filter(loss -> loss != null).toList();
        System.out.printf("worker: train loss %.3f -> %.3f, validation %s, final %.3f%n", firstLosses, lastLosses,
                validationLosses, result.metrics().get("final_validation_loss"));
        assertThat(lastLosses).isLessThan(firstLosses * 0.6);
        assertThat(result.metrics().get("final_validation_loss")).isLessThan(validationLosses.get(0));
        assertThat(sink.progress.get(79).tokensPerSecond()).isPositive();

        Path finalModel = out.resolve("final");
        assertThat(finalModel.resolve("config.json")).exists();
        assertThat(finalModel.resolve("model.safetensors")).exists();
        assertThat(finalModel.resolve("tokenizer.json")).exists();
        assertThat(finalModel.resolve("generation_config.json")).exists();
        try (T5ForConditionalGeneration loaded = T5Checkpoint.load(finalModel);
                T5ForConditionalGeneration base = T5Checkpoint.load(TrainingFixtures.tinyModel())) {
            NDArray trained = loaded.parameters().get("lm_head.weight");
            assertThat(trained.getShape()).isEqualTo(base.parameters().get("lm_head.weight").getShape());
            assertThat(trained.toFloatArray()).isNotEqualTo(base.parameters().get("lm_head.weight").toFloatArray());
            assertThat(loaded.tokenizer()).isPresent();
        }

        // Checkpoints at 20, 40, 60; kept: the best one by validation loss and the newest; best.json names the best.
        assertThat(sink.checkpoints).extracting(c -> c.step()).containsExactly(20L, 40L, 60L, 80L);
        JsonNode best = JSON.readTree(out.resolve("best.json").toFile());
        try (Stream<Path> children = Files.list(out)) {
            List<String> folders = children.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("step-"))
                    .sorted().toList();
            assertThat(folders).contains("step-60").hasSizeLessThanOrEqualTo(2);
            assertThat(best.get("checkpoint").asText()).matches("(step-\\d+|final)/");
        }
        assertThat(out.resolve("step-60/trainer_state/state.json")).exists();
        assertThat(out.resolve("step-60/trainer_state/optimizer.safetensors")).exists();
        JsonNode outcome = JSON.readTree(out.resolve("result.json").toFile());
        assertThat(outcome.get("status").asText()).isEqualTo("completed");
        assertThat(result.lastCheckpoint()).isEqualTo(out.toAbsolutePath() + "/final/");

        // Started again on the finished run: the stored result is reported, nothing is trained.
        RecordingSink again = new RecordingSink();
        RunResult replayed = run("run-1", fields, out, again);
        assertThat(again.progress).isEmpty();
        assertThat(replayed).isEqualTo(result);
    }

    @Test
    void generalValidationIsReportedAtEveryEvaluationAndTheBestIsChosenWithinItsTolerance() throws Exception {
        Path train = TrainingFixtures.writePairs(dir.resolve("train.jsonl"), 160, 1);
        Path validation = TrainingFixtures.writePairs(dir.resolve("validation.jsonl"), 24, 2);
        Path general = TrainingFixtures.writePairs(dir.resolve("general.jsonl"), 24, 5);
        Map<String, Object> fields = TrainingFixtures.fields(train, validation, 40);
        fields.put("checkpointEvery", 10);
        fields.put("keepBest", 4);
        fields.put("validationMixWith", List.of(general.toString()));
        fields.put("validationMixTolerance", 0.02);
        Path out = dir.resolve("out");
        RecordingSink sink = new RecordingSink();

        RunResult result = run("run-general", fields, out, sink);

        // both losses at every evaluation, in the progress events and the checkpoints
        List<TrainingProgress> evaluated = sink.progress.stream().filter(p -> p.validationLoss() != null).toList();
        assertThat(evaluated).extracting(TrainingProgress::step).containsExactly(10L, 20L, 30L);
        assertThat(evaluated).allSatisfy(p -> assertThat(p.generalValidationLoss()).isNotNull().isPositive());
        assertThat(sink.checkpoints).extracting(c -> c.step()).containsExactly(10L, 20L, 30L, 40L);
        assertThat(sink.checkpoints).allSatisfy(c -> assertThat(c.generalValidationLoss()).isNotNull());
        // the starting model's general loss is the reference, measured before the first step
        double start = result.metrics().get("start_general_validation_loss");
        assertThat(result.metrics().get("general_validation_loss_limit")).isCloseTo(start * 1.02,
                org.assertj.core.data.Offset.offset(1e-9));
        JsonNode state = JSON.readTree(out.resolve("step-30/trainer_state/state.json").toFile());
        assertThat(state.get("evaluations").get(0).get("step").asLong()).isZero();
        assertThat(state.get("evaluations").get(0).get("generalValidationLoss").asDouble()).isEqualTo(start);

        // best.json and the result name the checkpoint the rule picks from what was reported
        io.tuneline.worker.output.CheckpointRetention.Selection selection =
                new io.tuneline.worker.output.CheckpointRetention.Selection(start, 0.02);
        var expected = io.tuneline.worker.output.CheckpointRetention.best(sink.checkpoints.stream()
                .map(c -> new io.tuneline.worker.output.TrainerState.CheckpointScore(c.step() == 40 ? "final"
                        : "step-" + c.step(), c.step(), c.validationLoss(), c.generalValidationLoss()))
                .toList(), selection).orElseThrow();
        System.out.printf("worker: start general %.3f, checkpoints %s, best %s%n", start, sink.checkpoints.stream()
                .map(c -> c.step() + ":" + String.format("%.3f/%.3f", c.validationLoss(), c.generalValidationLoss()))
                .toList(), expected.name());
        JsonNode best = JSON.readTree(out.resolve("best.json").toFile());
        assertThat(best.get("checkpoint").asText()).isEqualTo(expected.name() + "/");
        assertThat(best.get("generalValidationLoss").asDouble()).isEqualTo(expected.generalValidationLoss());
        assertThat(result.bestCheckpoint()).endsWith("/" + expected.name() + "/");
        assertThat(result.metrics().get("best_step")).isEqualTo((double) expected.step());
        assertThat(result.metrics().get("best_general_validation_loss")).isEqualTo(expected.generalValidationLoss());
        assertThat(result.metrics()).containsKey("final_general_validation_loss");
    }

    @Test
    void nonFiniteStepsAreSkippedAndTooManyInARowFailTheRunNamingStepExamplesAndReason() throws Exception {
        Path train = TrainingFixtures.writePairs(dir.resolve("train.jsonl"), 40, 3);
        Map<String, Object> fields = TrainingFixtures.fields(train, null, 10);
        fields.put("maxNonFiniteSteps", 3);
        Path out = dir.resolve("out");
        RecordingSink sink = new RecordingSink();
        FineTuningRun run = new FineTuningRun("run-nan", TrainingFixtures.spec(fields),
                new RunInputs(() -> null, dir.resolve("work")), new LocalRunOutput(out), sink)
                .afterLoad(model -> {
                    // A weight that makes every loss NaN: an injected non-finite batch on every step.
                    NDArray head = model.parameters().get("lm_head.weight");
                    float[] poisoned = head.toFloatArray();
                    Arrays.fill(poisoned, 0, 10, Float.NaN);
                    head.set(poisoned);
                });

        assertThatThrownBy(run::run).isInstanceOf(RunFailedException.class)
                .hasMessageContaining("3 steps in a row")
                .hasMessageContaining("step 1 (loss is NaN)")
                .hasMessageContaining("ex-3-");
        assertThat(sink.progress).as("no step was applied").isEmpty();
        assertThat(sink.failed).singleElement().satisfies(failure -> {
            assertThat(failure.errorCode()).isEqualTo("non-finite");
            assertThat(failure.lastCheckpoint()).isNull();
        });
        JsonNode outcome = JSON.readTree(out.resolve("result.json").toFile());
        assertThat(outcome.get("status").asText()).isEqualTo("failed");
        assertThat(outcome.at("/failure/reason").asText()).contains("ex-3-");
    }

    @Test
    void truncatesToTheTokenLimitsAndCountsIt() {
        Path train = TrainingFixtures.writePairs(dir.resolve("train.jsonl"), 24, 4);
        Map<String, Object> fields = TrainingFixtures.fields(train, null, 2);
        fields.put("maxSourceTokens", 6);
        fields.put("maxTargetTokens", 3);
        RecordingSink sink = new RecordingSink();

        RunResult result = run("run-cut", fields, dir.resolve("out"), sink);

        assertThat(sink.started.get(0).truncatedPrompts()).isEqualTo(24);
        assertThat(sink.started.get(0).truncatedCompletions()).isPositive();
        assertThat(result.metrics().get("truncated_prompts")).isEqualTo(24.0);
    }

    @Test
    void aBrokenPromptLineFailsTheRunNamingFileAndLine() throws Exception {
        Path train = TrainingFixtures.writePairs(dir.resolve("train.jsonl"), 10, 5);
        Files.writeString(train, Files.readString(train) + "{\"prompt\":\"copy: Omar\"}\n");
        RecordingSink sink = new RecordingSink();

        assertThatThrownBy(() -> run("run-bad", TrainingFixtures.fields(train, null, 2), dir.resolve("out"), sink))
                .isInstanceOf(RunFailedException.class)
                .hasMessageContaining("train.jsonl line 11: 'completion' is missing or empty");
        assertThat(sink.failed).singleElement().extracting(f -> f.errorCode()).isEqualTo("bad-data");
    }

    private RunResult run(String runId, Map<String, Object> fields, Path out, RecordingSink sink) {
        return new FineTuningRun(runId, RunSpecReader.validated(TrainingFixtures.spec(fields)),
                new RunInputs(() -> null, dir.resolve("work")), new LocalRunOutput(out), sink).run();
    }
}
