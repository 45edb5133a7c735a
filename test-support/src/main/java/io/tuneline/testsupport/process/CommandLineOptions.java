package io.tuneline.testsupport.process;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** The {@code --name value} options of the standalone server processes. */
record CommandLineOptions(Map<String, String> values) {

    static CommandLineOptions parse(String[] args, Set<String> known) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("Expected an option like --name, got: " + arg);
            }
            String name = arg.substring(2);
            String value;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("Option --" + name + " needs a value");
            }
            if (!known.contains(name)) {
                throw new IllegalArgumentException("Unknown option --" + name + "; known: " + known);
            }
            values.put(name, value);
        }
        return new CommandLineOptions(Map.copyOf(values));
    }

    Path requiredPath(String name) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Option --" + name + " is required");
        }
        return Path.of(value);
    }

    /** A port, or 0 (meaning: pick a free one) when the option is absent. */
    int port(String name) {
        String value = values.get(name);
        if (value == null) {
            return 0;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Option --" + name + " is not a port: " + value, e);
        }
    }

    String text(String name, String defaultValue) {
        return values.getOrDefault(name, defaultValue);
    }

    String[] list(String name) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            return new String[0];
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(item -> !item.isEmpty()).toArray(String[]::new);
    }
}
