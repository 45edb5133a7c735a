package io.tuneline.eval.evaluation;

import io.tuneline.contracts.events.ObjectRef;

/**
 * A model folder an evaluation generates with, and its role: {@code base} (the model fine-tuning started from),
 * {@code candidate} (the run's result) or {@code promoted} (the model serving the name when the run finished).
 */
public record EvaluatedModel(String role, ObjectRef location, String runId) {

    public static final String BASE = "base";
    public static final String CANDIDATE = "candidate";
    public static final String PROMOTED = "promoted";
}
