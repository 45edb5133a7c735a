package io.tuneline.worker.progress;

import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.events.TrainingCompleted;
import io.tuneline.contracts.events.TrainingFailed;
import io.tuneline.contracts.training.RunSpec;

import java.util.LinkedHashMap;
import java.util.Map;

/** The end of a run as the platform's event payloads; both event sinks send these. Locations must be s3:// ones. */
final class RunEvents {

    private RunEvents() {
    }

    static TrainingCompleted completed(RunSpec spec, RunResult result) {
        Map<String, ObjectRef> prompts = new LinkedHashMap<>();
        putIfS3(prompts, "train", spec.train());
        putIfS3(prompts, "validation", spec.validation());
        putIfS3(prompts, "test", spec.test());
        return new TrainingCompleted(result.runId(), spec.modelName(), spec.baseModel(), refOrNull(spec.baseModel()),
                spec.method(), spec.datasetId(), spec.versionId(), spec.renderId(), ref(result.bestCheckpoint()),
                ref(result.lastCheckpoint()), result.steps(), result.finalLoss(), prompts, result.metrics());
    }

    static TrainingFailed failed(RunFailure failure) {
        return new TrainingFailed(failure.runId(), failure.errorCode(), failure.reason(),
                refOrNull(failure.lastCheckpoint()));
    }

    /** {@code s3://bucket/key} as an ObjectRef. */
    static ObjectRef ref(String location) {
        if (location == null || !location.startsWith("s3://")) {
            throw new IllegalArgumentException("not an s3:// location: " + location);
        }
        String path = location.substring("s3://".length());
        int slash = path.indexOf('/');
        return slash < 0 ? new ObjectRef(path, "") : new ObjectRef(path.substring(0, slash), path.substring(slash + 1));
    }

    private static ObjectRef refOrNull(String location) {
        return location != null && location.startsWith("s3://") ? ref(location) : null;
    }

    private static void putIfS3(Map<String, ObjectRef> prompts, String split, String location) {
        if (location != null && location.startsWith("s3://")) {
            prompts.put(split, ref(location));
        }
    }
}
