package io.tuneline.model.serve;

/** The engine's queue holds {@link BatchingConfig#maxQueue()} requests already (or the engine is shut down). */
public class QueueFullException extends RuntimeException {

    private final int queued;

    public QueueFullException(String message, int queued) {
        super(message);
        this.queued = queued;
    }

    public int queued() {
        return queued;
    }
}
