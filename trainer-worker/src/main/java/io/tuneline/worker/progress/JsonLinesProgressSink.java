package io.tuneline.worker.progress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tuneline.contracts.events.TrainingProgress;
import java.io.PrintStream;

/**
 * The protocol a parent process (trainer-service's local executor) reads: one JSON object per line, flushed at
 * once, each with an {@code event} field — {@code started}, {@code progress}, {@code checkpoint},
 * {@code completed}, {@code failed} — and the fields of {@link RunStarted}, {@link TrainingProgress},
 * {@link CheckpointSaved}, {@link RunResult} or {@link RunFailure}. Lines that do not start with {@code {} are not
 * part of the protocol. See the module README for examples.
 */
public final class JsonLinesProgressSink implements ProgressSink {

    public static final String STARTED = "started";
    public static final String PROGRESS = "progress";
    public static final String CHECKPOINT = "checkpoint";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintStream out;
    private final boolean closeStream;

    /** @param closeStream whether {@link #close()} closes {@code out} (a file) or leaves it open (stdout) */
    public JsonLinesProgressSink(PrintStream out, boolean closeStream) {
        this.out = out;
        this.closeStream = closeStream;
    }

    @Override
    public void started(RunStarted started) {
        write(STARTED, started);
    }

    @Override
    public void progress(TrainingProgress progress) {
        write(PROGRESS, progress);
    }

    @Override
    public void checkpointSaved(CheckpointSaved checkpoint) {
        write(CHECKPOINT, checkpoint);
    }

    @Override
    public void completed(RunResult result) {
        write(COMPLETED, result);
    }

    @Override
    public void failed(RunFailure failure) {
        write(FAILED, failure);
    }

    /** The JSON line for a record, {@code event} first. */
    public static String line(String event, Object record) {
        ObjectNode node = JSON.createObjectNode().put("event", event);
        node.setAll((ObjectNode) JSON.valueToTree(record));
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write progress line", e);
        }
    }

    private synchronized void write(String event, Object record) {
        out.println(line(event, record));
        out.flush();
    }

    @Override
    public void close() {
        out.flush();
        if (closeStream) {
            out.close();
        }
    }
}
