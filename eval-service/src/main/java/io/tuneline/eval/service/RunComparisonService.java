package io.tuneline.eval.service;

import io.tuneline.common.rest.ApiException;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.eval.evaluation.EvaluatedModel;
import io.tuneline.eval.evaluation.Evaluation;
import io.tuneline.eval.evaluation.EvaluationStatus;
import io.tuneline.eval.evaluation.TrainingSummary;
import io.tuneline.evaluation.ForgettingResult;
import io.tuneline.evaluation.RunComparison;
import io.tuneline.evaluation.RunComparison.ComparedRun;
import io.tuneline.evaluation.RunComparison.HeldOutChange;
import io.tuneline.evaluation.SystemResult;
import io.tuneline.evaluation.stats.ConfidenceInterval;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Puts finished runs side by side from their stored evaluations: target-task gain over the base model, forgetting
 * on the held-out tasks, and the cost the worker reported in {@code TrainingCompleted}'s metrics.
 */
@ApplicationScoped
public class RunComparisonService {

    public static final int MAX_RUNS = 20;

    private final EvaluationRepository repository;

    RunComparisonService(EvaluationRepository repository) {
        this.repository = repository;
    }

    /** The runs in the given order; each must have a completed evaluation (404 / 409 name the run otherwise). */
    public RunComparison compare(List<String> runIds) {
        Set<String> distinct = new LinkedHashSet<>();
        runIds.stream().map(String::trim).filter(id -> !id.isEmpty()).forEach(distinct::add);
        if (distinct.isEmpty()) {
            throw ApiException.badRequest("runs-required", "give the runs to compare: ?runs=RUN_A,RUN_B,RUN_C");
        }
        if (distinct.size() > MAX_RUNS) {
            throw ApiException.badRequest("too-many-runs", "at most " + MAX_RUNS + " runs, not " + distinct.size());
        }
        List<Evaluation> evaluations = distinct.stream().map(this::completedEvaluation).toList();
        String targetMetric = evaluations.get(0).targetMetric();
        List<ComparedRun> runs = new ArrayList<>();
        Set<String> tasks = new LinkedHashSet<>();
        for (Evaluation evaluation : evaluations) {
            ComparedRun run = compared(evaluation, targetMetric);
            run.heldOut().forEach(change -> tasks.add(change.task()));
            runs.add(run);
        }
        return new RunComparison(targetMetric, List.copyOf(tasks), runs);
    }

    private Evaluation completedEvaluation(String runId) {
        String evaluationId;
        try {
            evaluationId = EvaluationService.evaluationIdForRun(StorageLayout.id(runId));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid-run-id", "'" + runId + "' is not a run id: " + e.getMessage(),
                    Map.<String, Object>of("runId", runId));
        }
        Evaluation evaluation = repository.find(evaluationId).orElseThrow(() -> ApiException.notFound(
                "evaluation-not-found", "run " + runId + " has no evaluation (yet)"));
        if (evaluation.status() != EvaluationStatus.COMPLETED) {
            throw ApiException.conflict("evaluation-not-completed", "the evaluation of run " + runId + " is "
                    + evaluation.status(), Map.<String, Object>of("runId", runId));
        }
        return evaluation;
    }

    private static ComparedRun compared(Evaluation evaluation, String targetMetric) {
        SystemResult base = system(evaluation, EvaluatedModel.BASE);
        SystemResult candidate = system(evaluation, EvaluatedModel.CANDIDATE);
        List<HeldOutChange> heldOut = evaluation.forgetting().stream()
                .filter(task -> task.model().equals(EvaluatedModel.CANDIDATE))
                .map(HeldOutChange::of)
                .toList();
        int worse = (int) heldOut.stream().filter(c -> c.verdict() == ForgettingResult.Verdict.WORSE).count();
        TrainingSummary training = evaluation.training() == null
                ? new TrainingSummary(null, 0, Map.of()) : evaluation.training();
        Map<String, Double> metrics = training.metrics();
        ConfidenceInterval gain = candidate.differenceToBase().get(targetMetric);
        return new ComparedRun(evaluation.runId(), RunComparison.label(evaluation.method(),
                metrics.get("mix_fraction"), metrics.get("lora_r")), evaluation.method(), training.baseModel(),
                evaluation.testExamples(), base.metrics().get(targetMetric), candidate.metrics().get(targetMetric),
                gain, heldOut, RunComparison.meanRelativeChange(heldOut), worse, whole(metrics, "trainable_parameters"),
                whole(metrics, "model_parameters"), whole(metrics, "checkpoint_bytes"), metrics.get("wall_seconds"),
                evaluation.training() == null ? null : training.steps(),
                evaluation.decision() == null ? null : evaluation.decision().name());
    }

    private static SystemResult system(Evaluation evaluation, String name) {
        return evaluation.systems().stream().filter(system -> system.name().equals(name)).findFirst()
                .orElseThrow(() -> ApiException.conflict("not-comparable", "the evaluation of run "
                        + evaluation.runId() + " has no '" + name + "' scores", Map.<String, Object>of("runId", evaluation.runId())));
    }

    private static Long whole(Map<String, Double> metrics, String name) {
        Double value = metrics.get(name);
        return value == null ? null : Math.round(value);
    }
}
