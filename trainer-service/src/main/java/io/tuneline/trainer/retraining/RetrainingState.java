package io.tuneline.trainer.retraining;

import java.time.Instant;

/** The last run a dataset's policy started: when, which run, and how many training examples it had. */
public record RetrainingState(String datasetId, String lastRunId, Instant lastRunAt, long lastTrainExamples) {
}
