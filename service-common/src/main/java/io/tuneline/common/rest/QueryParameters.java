package io.tuneline.common.rest;

import java.util.Map;

/**
 * Numeric query parameters read as text and checked here, so that {@code ?limit=ten} is a 400
 * {@code invalid-parameter} naming the parameter (a JAX-RS {@code long} parameter answers 404 instead).
 */
public final class QueryParameters {

    public static final String INVALID_PARAMETER = "invalid-parameter";

    private QueryParameters() {
    }

    /**
     * @param name     the parameter's name, for the error
     * @param value    the raw value, or null when absent
     * @param fallback the value when absent or blank
     * @throws ApiException 400 {@code invalid-parameter} when not a whole number within {@code [min, max]}
     */
    public static long longValue(String name, String value, long fallback, long min, long max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw invalid(name, value, "a whole number", min, max);
        }
        if (parsed < min || parsed > max) {
            throw invalid(name, value, "a whole number", min, max);
        }
        return parsed;
    }

    public static int intValue(String name, String value, int fallback, int min, int max) {
        return (int) longValue(name, value, fallback, min, max);
    }

    private static ApiException invalid(String name, String value, String expected, long min, long max) {
        String shown = value.length() > 40 ? value.substring(0, 40) + "… (truncated)" : value;
        String range = max == Long.MAX_VALUE ? "at least " + min : "from " + min + " to " + max;
        return ApiException.badRequest(INVALID_PARAMETER, "query parameter '" + name + "' must be " + expected + " "
                + range + "; got '" + shown + "'", Map.of("parameter", name, "min", min, "max", max));
    }
}
