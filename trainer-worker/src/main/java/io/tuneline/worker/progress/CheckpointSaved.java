package io.tuneline.worker.progress;

/** A checkpoint folder was published; {@code best} when it is the best by validation loss so far. */
public record CheckpointSaved(String runId, long step, String location, Double validationLoss, boolean best) {
}
