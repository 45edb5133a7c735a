package io.tuneline.evaluation;

/** A prompt file line that cannot be used; {@link #line()} and {@link #reason()} say which and why. */
public final class InvalidPromptFileException extends IllegalArgumentException {

    private final String source;
    private final int line;
    private final String reason;

    public InvalidPromptFileException(String source, int line, String reason) {
        super(source + " line " + line + ": " + reason);
        this.source = source;
        this.line = line;
        this.reason = reason;
    }

    public String source() {
        return source;
    }

    public int line() {
        return line;
    }

    public String reason() {
        return reason;
    }
}
