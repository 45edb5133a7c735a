package io.tuneline.template.library;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One template variable of a task and where its value comes from in a canonical example line: {@code source} is a
 * top-level key ({@code input}, {@code output}, {@code topic}, …) or a dotted path into nested objects.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskField(String name, String source, FieldType type, boolean required, String description) {

    public TaskField {
        source = source == null || source.isBlank() ? name : source;
        type = type == null ? FieldType.TEXT : type;
    }
}
