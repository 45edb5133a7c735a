package io.tuneline.worker.progress;

import io.tuneline.contracts.events.TrainingProgress;

/**
 * Where a run reports what it does: a terminal progress bar ({@link TerminalProgressBar}), JSON lines for a parent
 * process ({@link JsonLinesProgressSink}), Kafka events ({@link KafkaProgressSink}), or several at once
 * ({@link #both}). Called from the training thread; a sink must not throw for a reporting problem it can survive.
 */
public interface ProgressSink extends AutoCloseable {

    void started(RunStarted started);

    /** After every optimizer step; {@code validationLoss} is set on steps that evaluated. */
    void progress(TrainingProgress progress);

    void checkpointSaved(CheckpointSaved checkpoint);

    void completed(RunResult result);

    void failed(RunFailure failure);

    @Override
    default void close() {
    }

    /** Reports to both sinks. */
    static ProgressSink both(ProgressSink first, ProgressSink second) {
        return new ProgressSink() {
            @Override
            public void started(RunStarted started) {
                first.started(started);
                second.started(started);
            }

            @Override
            public void progress(TrainingProgress progress) {
                first.progress(progress);
                second.progress(progress);
            }

            @Override
            public void checkpointSaved(CheckpointSaved checkpoint) {
                first.checkpointSaved(checkpoint);
                second.checkpointSaved(checkpoint);
            }

            @Override
            public void completed(RunResult result) {
                first.completed(result);
                second.completed(result);
            }

            @Override
            public void failed(RunFailure failure) {
                first.failed(failure);
                second.failed(failure);
            }

            @Override
            public void close() {
                try {
                    first.close();
                } finally {
                    second.close();
                }
            }
        };
    }

    /** Reports nothing. */
    static ProgressSink none() {
        return new ProgressSink() {
            @Override
            public void started(RunStarted started) {
            }

            @Override
            public void progress(TrainingProgress progress) {
            }

            @Override
            public void checkpointSaved(CheckpointSaved checkpoint) {
            }

            @Override
            public void completed(RunResult result) {
            }

            @Override
            public void failed(RunFailure failure) {
            }
        };
    }
}
