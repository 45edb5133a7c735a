package io.tuneline.contracts.api;

import io.tuneline.contracts.training.RunSpec;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A fine-tuning run as trainer-service keeps it in object storage ({@code checkpoints/{runId}/run.json}).
 *
 * @param spec          the spec as submitted (defaults applied)
 * @param baseModelPath where the base model actually is ({@code s3://…/} or a local folder) after resolving a
 *                      registered name
 * @param executor      {@code local} or {@code kubernetes}: who runs it, and so who publishes its events
 * @param trigger       {@code api}, or {@code retraining:{renderId}} for a run a policy started
 * @param attempts      worker starts so far (restarts after a crash included)
 * @param errorCode     machine-readable reason of the current state (null when all is well)
 * @param reason        the same for people
 */
public record TrainingRun(String runId, RunSpec spec, String baseModelPath, String executor, String trigger,
                          RunState state, String errorCode, String reason, int attempts, Instant createdAt,
                          Instant updatedAt, List<MetricPoint> metrics, String lastCheckpoint,
                          String bestCheckpoint, Map<String, Double> finalMetrics) {

    public TrainingRun {
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
        finalMetrics = finalMetrics == null ? Map.of() : Map.copyOf(finalMetrics);
    }

    public static TrainingRun queued(String runId, RunSpec spec, String baseModelPath, String executor,
                                     String trigger, Instant now) {
        return new TrainingRun(runId, spec, baseModelPath, executor, trigger, RunState.QUEUED, null, null, 0, now,
                now, List.of(), null, null, Map.of());
    }

    public TrainingRun withState(RunState newState, String newErrorCode, String newReason, Instant now) {
        return new TrainingRun(runId, spec, baseModelPath, executor, trigger, newState, newErrorCode, newReason,
                attempts, createdAt, now, metrics, lastCheckpoint, bestCheckpoint, finalMetrics);
    }

    public TrainingRun withAttempt(Instant now) {
        return new TrainingRun(runId, spec, baseModelPath, executor, trigger, state, errorCode, reason,
                attempts + 1, createdAt, now, metrics, lastCheckpoint, bestCheckpoint, finalMetrics);
    }

    /** Adds a progress report; a report for a step already seen (a resumed worker repeats some) replaces it. */
    public TrainingRun withMetric(MetricPoint point, Instant now) {
        List<MetricPoint> history = new ArrayList<>(metrics.size() + 1);
        for (MetricPoint existing : metrics) {
            if (existing.step() < point.step()) {
                history.add(existing);
            }
        }
        history.add(point);
        return new TrainingRun(runId, spec, baseModelPath, executor, trigger, state, errorCode, reason, attempts,
                createdAt, now, history, lastCheckpoint, bestCheckpoint, finalMetrics);
    }

    public TrainingRun withResult(String newLastCheckpoint, String newBestCheckpoint,
                                  Map<String, Double> newFinalMetrics, Instant now) {
        return new TrainingRun(runId, spec, baseModelPath, executor, trigger, state, errorCode, reason, attempts,
                createdAt, now, metrics, newLastCheckpoint, newBestCheckpoint, newFinalMetrics);
    }

    /** The newest progress report, or null before the first. */
    public MetricPoint latest() {
        return metrics.isEmpty() ? null : metrics.get(metrics.size() - 1);
    }
}
