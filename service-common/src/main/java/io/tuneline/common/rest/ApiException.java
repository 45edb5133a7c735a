package io.tuneline.common.rest;

import java.util.Map;

/**
 * Thrown by resources and services to answer with a specific status and {@link ApiError}; the factories name the
 * statuses services use.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String error;
    private final Map<String, Object> details;

    public ApiException(int status, String error, String message, Map<String, Object> details) {
        super(message);
        this.status = status;
        this.error = error;
        this.details = details == null ? Map.of() : Map.copyOf(details);
    }

    public static ApiException badRequest(String error, String message) {
        return new ApiException(400, error, message, Map.of());
    }

    public static ApiException badRequest(String error, String message, Map<String, Object> details) {
        return new ApiException(400, error, message, details);
    }

    public static ApiException notFound(String error, String message) {
        return new ApiException(404, error, message, Map.of());
    }

    public static ApiException notFound(String error, String message, Map<String, Object> details) {
        return new ApiException(404, error, message, details);
    }

    public static ApiException conflict(String error, String message) {
        return new ApiException(409, error, message, Map.of());
    }

    public static ApiException conflict(String error, String message, Map<String, Object> details) {
        return new ApiException(409, error, message, details);
    }

    public static ApiException payloadTooLarge(String error, String message, long limitBytes) {
        return new ApiException(413, error, message, Map.of("limitBytes", limitBytes));
    }

    public int status() {
        return status;
    }

    public ApiError toApiError() {
        return new ApiError(error, getMessage(), details);
    }
}
