package io.tuneline.inference.service;

import io.tuneline.common.rest.ApiException;
import io.tuneline.inference.model.AdapterLoadException;
import java.util.Map;

/**
 * The answers inference adds to service-common's: busy (429), not ready (503), timed out (504), too long (413), and
 * LoRA adapters that are unknown (404), for another base or unreadable (422).
 */
public final class InferenceException {

    public static final String ERROR_UNKNOWN_MODEL = "unknown-model";
    public static final String ERROR_MODEL_NOT_READY = "model-not-ready";
    public static final String ERROR_QUEUE_FULL = "queue-full";
    public static final String ERROR_TIMEOUT = "request-timeout";
    public static final String ERROR_INPUT_TOO_LONG = "input-too-long";
    public static final String ERROR_INVALID_OPTIONS = "invalid-options";
    public static final String ERROR_GENERATION_FAILED = "generation-failed";
    public static final String ERROR_UNKNOWN_ADAPTER = "unknown-adapter";
    public static final String ERROR_ADAPTER_WRONG_BASE = "adapter-wrong-base";
    public static final String ERROR_ADAPTER_UNREADABLE = "adapter-unreadable";

    private InferenceException() {
    }

    static ApiException unknownModel(String name, Object served) {
        return ApiException.notFound(ERROR_UNKNOWN_MODEL, "no model '" + name + "' is served here",
                Map.of("model", name, "served", served));
    }

    static ApiException notReady(String name, String reason) {
        return new ApiException(503, ERROR_MODEL_NOT_READY, "model '" + name + "' is not loaded yet"
                + (reason == null ? "" : ": " + reason), Map.of("model", name));
    }

    static ApiException inputTooLong(int tokens, int limit) {
        return new ApiException(413, ERROR_INPUT_TOO_LONG, "the prompt has " + tokens
                + " tokens; the limit is " + limit, Map.of("promptTokens", tokens, "limitTokens", limit));
    }

    static ApiException invalidOptions(String message) {
        return new ApiException(400, ERROR_INVALID_OPTIONS, message, Map.of());
    }

    static ApiException timeout(long timeoutMs) {
        return new ApiException(504, ERROR_TIMEOUT, "generation did not finish within " + timeoutMs + " ms",
                Map.of("timeoutMs", timeoutMs));
    }

    static ApiException failed(String message) {
        return new ApiException(500, ERROR_GENERATION_FAILED, "generation failed: " + message, Map.of());
    }

    /** Why the adapter a request named cannot be served; the model name keeps serving without it. */
    static ApiException adapter(String model, AdapterLoadException e) {
        Map<String, Object> details = Map.of("model", model, "adapter", e.adapter());
        return switch (e.kind()) {
            case NOT_FOUND -> new ApiException(404, ERROR_UNKNOWN_ADAPTER, e.getMessage(), details);
            case WRONG_BASE -> new ApiException(422, ERROR_ADAPTER_WRONG_BASE, e.getMessage(), details);
            case UNREADABLE -> new ApiException(422, ERROR_ADAPTER_UNREADABLE, e.getMessage(), details);
        };
    }
}
