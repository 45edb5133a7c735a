package io.tuneline.trainer.executor;

import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.training.RunSpec;

/**
 * One run as a worker needs it.
 *
 * @param spec the spec with {@code baseModel} resolved to a folder
 * @param out  the run's checkpoint folder
 */
public record WorkerLaunch(String runId, RunSpec spec, ObjectRef out) {
}
