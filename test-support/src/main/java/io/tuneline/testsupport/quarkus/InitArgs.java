package io.tuneline.testsupport.quarkus;

import java.util.Arrays;
import java.util.Map;

/** Reads the {@code initArgs} of a {@code @QuarkusTestResource}. */
final class InitArgs {

    private InitArgs() {
    }

    /** A comma-separated list, e.g. {@code topics = "a, b,c"}; empty when absent. */
    static String[] list(Map<String, String> args, String name) {
        String value = args.get(name);
        if (value == null || value.isBlank()) {
            return new String[0];
        }
        return Arrays.stream(value.split(","))
                .map(String::trim)
                .filter(item -> !item.isEmpty())
                .toArray(String[]::new);
    }

    static String text(Map<String, String> args, String name, String defaultValue) {
        String value = args.get(name);
        return value == null || value.isBlank() ? defaultValue : value.trim();
    }

    static int number(Map<String, String> args, String name, int defaultValue) {
        String value = args.get(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Init arg '" + name + "' is not a number: " + value, e);
        }
    }
}
