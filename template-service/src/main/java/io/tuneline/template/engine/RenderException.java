package io.tuneline.template.engine;

/** A template could not produce a prompt and a target for one example; {@code reason} is counted per run. */
public class RenderException extends Exception {

    public static final String RENDER_ERROR = "render-error";
    public static final String NO_SEPARATOR = "no-separator";
    public static final String EMPTY_PROMPT = "empty-prompt";
    public static final String EMPTY_TARGET = "empty-target";

    private final String reason;

    public RenderException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
