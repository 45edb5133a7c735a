package io.tuneline.contracts.storage;

/** A prompt line that cannot be read as a {@link PromptLine}; readers add the file and line number. */
public final class MalformedPromptLineException extends IllegalArgumentException {

    private final String reason;

    public MalformedPromptLineException(String reason) {
        super(reason);
        this.reason = reason;
    }

    /** Why, for people: e.g. {@code 'prompt' must be a string}. */
    public String reason() {
        return reason;
    }
}
