package io.tuneline.worker.progress;

/**
 * A checkpoint folder was published; {@code best} when it is the best so far by the run's selection rule.
 * {@code generalValidationLoss} is null unless the run watches general-task validation files.
 */
public record CheckpointSaved(String runId, long step, String location, Double validationLoss,
                              Double generalValidationLoss, boolean best) {
}
