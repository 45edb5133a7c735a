package io.tuneline.worker;

import io.tuneline.contracts.events.TrainingProgress;
import io.tuneline.worker.progress.CheckpointSaved;
import io.tuneline.worker.progress.ProgressSink;
import io.tuneline.worker.progress.RunFailure;
import io.tuneline.worker.progress.RunResult;
import io.tuneline.worker.progress.RunStarted;
import java.util.ArrayList;
import java.util.List;

/** Keeps everything a run reports. */
final class RecordingSink implements ProgressSink {

    final List<RunStarted> started = new ArrayList<>();
    final List<TrainingProgress> progress = new ArrayList<>();
    final List<CheckpointSaved> checkpoints = new ArrayList<>();
    final List<RunResult> completed = new ArrayList<>();
    final List<RunFailure> failed = new ArrayList<>();

    @Override
    public void started(RunStarted event) {
        started.add(event);
    }

    @Override
    public void progress(TrainingProgress event) {
        progress.add(event);
    }

    @Override
    public void checkpointSaved(CheckpointSaved event) {
        checkpoints.add(event);
    }

    @Override
    public void completed(RunResult event) {
        completed.add(event);
    }

    @Override
    public void failed(RunFailure event) {
        failed.add(event);
    }
}
