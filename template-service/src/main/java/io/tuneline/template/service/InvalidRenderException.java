package io.tuneline.template.service;

import java.util.Map;

/** The request itself cannot be rendered (no splits listed, nothing to render, a bad input limit): a 400. */
public class InvalidRenderException extends RenderRejectedException {

    public static final String NO_SPLITS = "no-splits";
    public static final String NOTHING_TO_RENDER = "nothing-to-render";
    public static final String INVALID_MAX_INPUT_TOKENS = "invalid-max-input-tokens";

    public InvalidRenderException(String reason, String message) {
        super(reason, message, Map.of());
    }
}
