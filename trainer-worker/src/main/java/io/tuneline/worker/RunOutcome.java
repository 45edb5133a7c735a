package io.tuneline.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tuneline.worker.progress.ProgressSink;
import io.tuneline.worker.progress.RunFailure;
import io.tuneline.worker.progress.RunResult;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The run's {@code result.json}, written last: {@code {"status":"completed","result":{…}}} or
 * {@code {"status":"failed","failure":{…}}}. A worker started again on a finished run reports it again instead of
 * training (a restarted child JVM or a re-run Kubernetes Job must not train twice).
 */
record RunOutcome(String status, RunResult result, RunFailure failure) {

    static final String COMPLETED = "completed";
    static final String FAILED = "failed";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static RunOutcome completed(RunResult result) {
        return new RunOutcome(COMPLETED, result, null);
    }

    static RunOutcome failed(RunFailure failure) {
        return new RunOutcome(FAILED, null, failure);
    }

    static RunOutcome parse(byte[] json) {
        try {
            return JSON.readValue(json, RunOutcome.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the run's result.json", e);
        }
    }

    byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reports the stored outcome again; a failure is thrown as it was the first time. */
    RunResult replay(ProgressSink progress) {
        if (COMPLETED.equals(status)) {
            progress.completed(result);
            return result;
        }
        progress.failed(failure);
        throw new RunFailedException(failure.errorCode(), failure.reason());
    }
}
