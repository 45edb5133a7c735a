package io.tuneline.model.io;

/** A checkpoint folder that does not match the model it is loaded into; the message names every offender. */
public class CheckpointException extends RuntimeException {

    public CheckpointException(String message) {
        super(message);
    }
}
