package io.tuneline.eval.evaluation;

public enum EvaluationStatus {
    RUNNING, COMPLETED, FAILED
}
