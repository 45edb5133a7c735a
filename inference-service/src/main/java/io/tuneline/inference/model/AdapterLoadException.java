package io.tuneline.inference.model;

/** A LoRA adapter a request named cannot be served; {@link #kind()} says why, the message says what to fix. */
public class AdapterLoadException extends ModelLoadException {

    /** Why an adapter cannot be served. */
    public enum Kind {
        /** No adapter of that name in object storage. */
        NOT_FOUND,
        /** Trained on other weights than the base the model name serves (its declared base, modules or shapes). */
        WRONG_BASE,
        /** Its files cannot be read (corrupt, truncated, or using what Tuneline does not support). */
        UNREADABLE
    }

    private final Kind kind;
    private final String adapter;

    public AdapterLoadException(Kind kind, String adapter, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.adapter = adapter;
    }

    public Kind kind() {
        return kind;
    }

    public String adapter() {
        return adapter;
    }
}
