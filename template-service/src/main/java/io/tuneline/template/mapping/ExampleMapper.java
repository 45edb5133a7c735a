package io.tuneline.template.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.tuneline.template.library.FieldType;
import io.tuneline.template.library.TaskDefinition;
import io.tuneline.template.library.TaskField;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps a canonical example line ({@code id}, {@code input}, {@code output}, {@code topic}, … and any extra fields)
 * onto a task's template variables, following each field's {@code source}. Extra fields are ignored.
 */
public final class ExampleMapper {

    private ExampleMapper() {
    }

    /** {@code fallbackId} names examples without {@code id} (and without {@code contentHash}). */
    public static MappedExample map(TaskDefinition task, JsonNode line, String fallbackId) {
        Map<String, Object> variables = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (TaskField field : task.fields()) {
            JsonNode node = resolve(line, field.source());
            Object value = null;
            if (node != null && !node.isNull()) {
                try {
                    value = convert(node, field.type());
                } catch (IllegalArgumentException e) {
                    problems.add("field '" + field.name() + "' (from '" + field.source() + "'): " + e.getMessage());
                    continue;
                }
            }
            boolean absent = value == null || (value instanceof String text && text.isBlank());
            if (absent && field.required()) {
                problems.add("required field '" + field.name() + "' (from '" + field.source() + "') is missing");
            }
            variables.put(field.name(), absent ? null : value);
        }
        return new MappedExample(exampleId(line, fallbackId), variables, List.copyOf(problems));
    }

    static String exampleId(JsonNode line, String fallbackId) {
        for (String key : List.of("id", "contentHash")) {
            JsonNode id = line.get(key);
            if (id != null && !id.isNull() && !id.asText().isBlank()) {
                return id.asText();
            }
        }
        return fallbackId;
    }

    private static JsonNode resolve(JsonNode line, String source) {
        JsonNode node = line;
        for (String part : source.split("\\.")) {
            if (node == null || !node.isObject()) {
                return null;
            }
            node = node.get(part);
        }
        return node;
    }

    private static Object convert(JsonNode node, FieldType type) {
        return switch (type) {
            // A number or boolean reads naturally as text (4 stars → "4"); a list or an object stringified into a
            // prompt would be JSON syntax the model was never meant to see, so it is a wrong type, named.
            case TEXT -> {
                if (!node.isValueNode()) {
                    throw new IllegalArgumentException(
                            "expected text but got " + (node.isArray() ? "a list" : "an object"));
                }
                yield node.asText();
            }
            case INTEGER -> {
                if (node.isIntegralNumber()) {
                    yield node.asLong();
                }
                if (node.isTextual() && node.asText().trim().matches("-?\\d{1,18}")) {
                    yield Long.parseLong(node.asText().trim());
                }
                throw new IllegalArgumentException("expected an integer but got " + node);
            }
            case NUMBER -> {
                if (node.isNumber()) {
                    yield node.asDouble();
                }
                try {
                    yield Double.parseDouble(node.asText().trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("expected a number but got " + node);
                }
            }
            case BOOLEAN -> {
                if (node.isBoolean() || node.asText().matches("true|false")) {
                    yield Boolean.parseBoolean(node.asText());
                }
                throw new IllegalArgumentException("expected true or false but got " + node);
            }
            case LIST -> {
                if (!node.isArray()) {
                    throw new IllegalArgumentException("expected a list but got " + node);
                }
                List<Object> items = new ArrayList<>();
                node.forEach(item -> items.add(plain(item)));
                yield items;
            }
        };
    }

    /** JSON as the plain Java values Jinja sees: strings, longs, doubles, booleans, lists and maps. */
    private static Object plain(JsonNode node) {
        if (node.isNull()) {
            return null;
        }
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isArray()) {
            List<Object> items = new ArrayList<>();
            node.forEach(item -> items.add(plain(item)));
            return items;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> map.put(e.getKey(), plain(e.getValue())));
            return map;
        }
        return node.asText();
    }
}
