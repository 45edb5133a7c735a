package io.tuneline.inference.model;

/** A checkpoint could not be served: missing, unreadable, without a tokenizer, or a kind not served yet. */
public class ModelLoadException extends RuntimeException {

    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
