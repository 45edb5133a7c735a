package io.tuneline.template.library;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A task templates are written for: its input schema ({@code fields}), the free-text field that length control
 * may shorten ({@code dataField}, absent when no field may be cut), the shipped general-task sample set mixtures
 * can replay ({@code replaySet}), and a sample example (a canonical line) for previews.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskDefinition(String name, String description, List<TaskField> fields, String dataField,
                             String replaySet, Map<String, Object> sample, Origin origin) {

    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");

    public TaskDefinition {
        fields = fields == null ? List.of() : List.copyOf(fields);
        sample = sample == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(sample));
    }

    public Optional<TaskField> field(String fieldName) {
        return fields.stream().filter(f -> f.name().equals(fieldName)).findFirst();
    }

    public TaskDefinition withOrigin(Origin newOrigin) {
        return new TaskDefinition(name, description, fields, dataField, replaySet, sample, newOrigin);
    }
}
