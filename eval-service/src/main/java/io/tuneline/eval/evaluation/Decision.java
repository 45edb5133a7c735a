package io.tuneline.eval.evaluation;

/** What became of an evaluated candidate. */
public enum Decision {
    /** Published as ModelPromoted; the name's promoted record points at it. */
    PROMOTED,
    /** Published as ModelRejected. */
    REJECTED,
    /** The gate ran with auto-promotion off, or there was no candidate: a person decides over REST. */
    PENDING
}
