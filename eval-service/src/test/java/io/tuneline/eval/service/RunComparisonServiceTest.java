package io.tuneline.eval.service;

import io.tuneline.common.rest.ApiException;
import io.tuneline.eval.evaluation.Decision;
import io.tuneline.eval.evaluation.Evaluation;
import io.tuneline.eval.evaluation.EvaluatedModel;
import io.tuneline.eval.testing.StoredEvaluations;
import io.tuneline.common.testing.SharedObjectStore;
import io.tuneline.evaluation.ForgettingResult;
import io.tuneline.evaluation.RunComparison;
import io.tuneline.evaluation.RunComparison.ComparedRun;
import io.tuneline.evaluation.RunComparison.HeldOutChange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Finished runs side by side from their stored evaluations: the numbers and the refusals. */
class RunComparisonServiceTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private final EvaluationRepository repository = new EvaluationRepository(SharedObjectStore.store(),
            SharedObjectStore.freshLayout());
    private final RunComparisonService service = new RunComparisonService(repository);

    @Test
    void putsTheRunsInTheOrderGivenWithGainForgettingAndCost() {
        store(StoredEvaluations.completed(StoredEvaluations.running("full", "full", T0)
                        .withTraining(StoredEvaluations.training(120, Map.of("trainable_parameters", 1234.6,
                                "model_parameters", 2000.0, "checkpoint_bytes", 4.0e6, "wall_seconds", 95.5))),
                0.20, 0.50, List.of(StoredEvaluations.heldOut("sentiment", 0.8, 0.4),
                        StoredEvaluations.heldOut("titles", 0.5, 0.45)), Decision.REJECTED));
        store(StoredEvaluations.completed(StoredEvaluations.running("lora", "lora", T0)
                        .withTraining(StoredEvaluations.training(80, Map.of("lora_r", 8.0,
                                "trainable_parameters", 16.0))),
                0.20, 0.30, List.of(StoredEvaluations.heldOut("sentiment", 0.8, 0.8),
                        StoredEvaluations.heldOut("qa", 0.0, 0.1)), Decision.PROMOTED));

        RunComparison comparison = service.compare(List.of(" lora", "full ", "lora"));

        assertThat(comparison.targetMetric()).isEqualTo("rougeL");
        assertThat(comparison.runs()).extracting(ComparedRun::runId).containsExactly("lora", "full");
        // every task any run was scored on, first seen first
        assertThat(comparison.heldOutTasks()).containsExactly("sentiment", "qa", "titles");

        ComparedRun full = comparison.runs().get(1);
        assertThat(full.label()).isEqualTo("full");
        assertThat(full.baseModel()).isEqualTo("t5-mini");
        assertThat(full.testExamples()).isEqualTo(40);
        assertThat(full.baseScore().estimate()).isEqualTo(0.20);
        assertThat(full.score().estimate()).isEqualTo(0.50);
        assertThat(full.gain().estimate()).isCloseTo(0.30, within(1e-12));
        assertThat(full.gain().lower()).isCloseTo(0.28, within(1e-12));
        assertThat(full.heldOut()).extracting(HeldOutChange::task).containsExactly("sentiment", "titles");
        assertThat(full.heldOut().get(0).relativeChange()).isCloseTo(-0.5, within(1e-12));
        assertThat(full.heldOut().get(1).relativeChange()).isCloseTo(-0.1, within(1e-12));
        assertThat(full.meanRelativeChange()).isCloseTo(-0.3, within(1e-12));
        assertThat(full.tasksWorse()).isEqualTo(1);
        assertThat(full.trainableParameters()).isEqualTo(1235L); // reported as a double, shown whole
        assertThat(full.modelParameters()).isEqualTo(2000L);
        assertThat(full.checkpointBytes()).isEqualTo(4_000_000L);
        assertThat(full.trainingSeconds()).isEqualTo(95.5);
        assertThat(full.steps()).isEqualTo(120L);
        assertThat(full.decision()).isEqualTo("REJECTED");

        ComparedRun lora = comparison.runs().get(0);
        assertThat(lora.label()).isEqualTo("LoRA r 8");
        assertThat(lora.tasksWorse()).isZero();
        // the task the base scored 0 on has no relative change and is left out of the mean
        assertThat(lora.meanRelativeChange()).isCloseTo(0.0, within(1e-12));
        assertThat(lora.modelParameters()).isNull();
        assertThat(lora.checkpointBytes()).isNull();
        assertThat(lora.trainingSeconds()).isNull();
        assertThat(lora.decision()).isEqualTo("PROMOTED");
    }

    @Test
    void aRunThatReportedNothingAboutItselfHasNullFigures() {
        store(StoredEvaluations.completed(StoredEvaluations.running("bare", "full", T0), 0.1, 0.2, List.of(),
                Decision.PENDING));

        ComparedRun bare = service.compare(List.of("bare")).runs().get(0);

        assertThat(bare.steps()).isNull();
        assertThat(bare.baseModel()).isNull();
        assertThat(bare.trainableParameters()).isNull();
        assertThat(bare.meanRelativeChange()).isNull();
        assertThat(bare.heldOut()).isEmpty();
        assertThat(bare.decision()).isEqualTo("PENDING");
    }

    @Test
    void onlyTheCandidatesHeldOutTasksCount() {
        ForgettingResult promoted = StoredEvaluations.heldOut("sentiment", 0.8, 0.1);
        promoted = new ForgettingResult(promoted.task(), promoted.metric(), EvaluatedModel.PROMOTED,
                promoted.examples(), promoted.before(), promoted.after(), promoted.change(), promoted.verdict(),
                promoted.summary(), null);
        store(StoredEvaluations.completed(StoredEvaluations.running("mixed", "full", T0), 0.1, 0.2,
                List.of(promoted, StoredEvaluations.heldOut("sentiment", 0.8, 0.8)), Decision.PROMOTED));

        ComparedRun run = service.compare(List.of("mixed")).runs().get(0);

        assertThat(run.heldOut()).hasSize(1);
        assertThat(run.tasksWorse()).isZero();
    }

    @Test
    void refusesWhatCannotBeComparedNamingTheRun() {
        store(StoredEvaluations.running("busy", "full", T0));
        Evaluation completed = StoredEvaluations.completed(StoredEvaluations.running("base-only", "full", T0), 0.1,
                0.2, List.of(), Decision.PENDING);
        store(completed.completed(40, completed.systems().subList(0, 1), List.of(), List.of(), null, T0));
        List<String> tooMany = IntStream.rangeClosed(1, RunComparisonService.MAX_RUNS + 1).mapToObj(i -> "r" + i)
                .toList();

        assertRefused(() -> service.compare(List.of()), 400, "runs-required", "?runs=");
        assertRefused(() -> service.compare(List.of(" ", "")), 400, "runs-required", "?runs=");
        assertRefused(() -> service.compare(tooMany), 400, "too-many-runs", "at most 20 runs, not 21");
        assertRefused(() -> service.compare(List.of("../etc")), 400, "invalid-run-id", "'../etc' is not a run id");
        assertRefused(() -> service.compare(List.of("ghost")), 404, "evaluation-not-found", "run ghost");
        assertRefused(() -> service.compare(List.of("busy")), 409, "evaluation-not-completed", "RUNNING");
        assertRefused(() -> service.compare(List.of("base-only")), 409, "not-comparable",
                "run base-only has no 'candidate' scores");
        // 20 distinct runs are allowed: the limit is checked before any is read (the 404 is for the first)
        assertRefused(() -> service.compare(tooMany.subList(0, RunComparisonService.MAX_RUNS)), 404,
                "evaluation-not-found", "run r1 ");
    }

    private void store(Evaluation evaluation) {
        repository.save(evaluation);
    }

    private static void assertRefused(Executable call, int status, String error, String message) {
        assertThatThrownBy(call::execute).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.toApiError().error()).isEqualTo(error);
            assertThat(e.getMessage()).contains(message);
        });
    }
}
