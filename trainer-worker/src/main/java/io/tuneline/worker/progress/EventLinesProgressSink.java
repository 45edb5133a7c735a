package io.tuneline.worker.progress;

import io.tuneline.contracts.events.Event;
import io.tuneline.contracts.events.EventCodec;
import io.tuneline.contracts.events.EventPayload;
import io.tuneline.contracts.training.RunSpec;
import io.tuneline.contracts.events.TrainingProgress;

import java.io.PrintStream;

/**
 * The run as the platform's event envelopes, one per line, exactly as {@link EventCodec} writes them: what
 * trainer-service's local executor reads from a child worker's standard output and publishes itself
 * ({@code --progress events}). Every progress step is written; the service decides what to forward.
 */
public final class EventLinesProgressSink implements ProgressSink {

    private final PrintStream out;
    private final RunSpec spec;

    public EventLinesProgressSink(PrintStream out, RunSpec spec) {
        this.out = out;
        this.spec = spec;
    }

    @Override
    public void started(RunStarted started) {
        // The contracts carry no "started" event: the first TrainingProgress says the run is going.
    }

    @Override
    public void progress(TrainingProgress progress) {
        write(progress);
    }

    @Override
    public void checkpointSaved(CheckpointSaved checkpoint) {
        // Checkpoints show up in TrainingCompleted/TrainingFailed.
    }

    @Override
    public void completed(RunResult result) {
        write(RunEvents.completed(spec, result));
    }

    @Override
    public void failed(RunFailure failure) {
        write(RunEvents.failed(failure));
    }

    private synchronized void write(EventPayload payload) {
        out.println(EventCodec.encode(Event.of(KafkaProgressSink.SOURCE, payload)));
        out.flush();
    }

    @Override
    public void close() {
        out.flush();
    }
}
