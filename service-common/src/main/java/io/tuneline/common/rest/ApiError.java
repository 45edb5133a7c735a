package io.tuneline.common.rest;

import java.util.Map;

/**
 * The body of every 4xx/5xx answer of every service:
 * <pre>{"error":"dataset-not-found","message":"no dataset 'chats'","details":{"datasetId":"chats"}}</pre>
 * {@code error} is a stable machine-readable code, {@code message} is for humans, {@code details} is optional
 * structured context (never a stack trace).
 */
public record ApiError(String error, String message, Map<String, Object> details) {

    public ApiError {
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    public static ApiError of(String error, String message) {
        return new ApiError(error, message, Map.of());
    }
}
