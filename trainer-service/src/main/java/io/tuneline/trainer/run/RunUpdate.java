package io.tuneline.trainer.run;

import io.tuneline.contracts.api.MetricPoint;
import io.tuneline.contracts.api.RunState;
import io.tuneline.contracts.api.TrainingRun;

import java.time.Instant;

/** One live update of a run, as the server-sent-events stream sends it. */
public record RunUpdate(String runId, RunState state, String errorCode, String reason, int attempts,
                        MetricPoint latest, String lastCheckpoint, String bestCheckpoint, Instant at) {

    public static RunUpdate of(TrainingRun run) {
        return new RunUpdate(run.runId(), run.state(), run.errorCode(), run.reason(), run.attempts(), run.latest(),
                run.lastCheckpoint(), run.bestCheckpoint(), run.updatedAt());
    }
}
