package io.tuneline.contracts.api;

/** Where a run is in its life; the last three are final. */
public enum RunState {
    /** Accepted, waiting for a free executor slot. */
    QUEUED,
    /** Handed to the executor; not training yet (a Job waiting for a GPU node or its image). */
    PENDING,
    RUNNING,
    /** The worker died; it is started again and resumes from its last checkpoint. */
    RESTARTING,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
