package io.tuneline.trainer.retraining;

import io.tuneline.contracts.training.RunSpec;

import java.time.Duration;

/**
 * When new rendered prompts of a dataset start a run by themselves.
 *
 * @param minNewExamples training examples the render must have beyond those of the last policy-started run
 * @param minInterval    time since the last policy-started run
 * @param specTemplate   the run's spec; {@code train}, {@code validation}, {@code test} and the provenance fields
 *                       are filled from the {@code PromptsRendered} event; {@code modelName} defaults to the dataset
 */
public record RetrainingPolicy(String datasetId, boolean enabled, long minNewExamples, Duration minInterval,
                               RunSpec specTemplate) {
}
