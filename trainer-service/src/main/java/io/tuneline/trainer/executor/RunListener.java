package io.tuneline.trainer.executor;

import io.tuneline.contracts.events.TrainingCompleted;
import io.tuneline.contracts.events.TrainingFailed;
import io.tuneline.contracts.events.TrainingProgress;
import io.tuneline.contracts.api.RunState;

/** What an executor tells the service about one run. */
public interface RunListener {

    /** A non-final state change: PENDING, RUNNING, RESTARTING; {@code attemptStarted} when a worker started. */
    void onState(String runId, RunState state, String errorCode, String reason, boolean attemptStarted);

    void onProgress(TrainingProgress progress);

    void onCompleted(TrainingCompleted completed);

    void onFailed(TrainingFailed failed);
}
