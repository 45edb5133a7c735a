package io.tuneline.template.library;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** The kind of value a task field holds; validation renders templates on a typed stand-in value. */
public enum FieldType {
    @JsonProperty("text") TEXT,
    @JsonProperty("integer") INTEGER,
    @JsonProperty("number") NUMBER,
    @JsonProperty("boolean") BOOLEAN,
    @JsonProperty("list") LIST;

    /** A harmless stand-in of this type, so that validation exercises filters and arithmetic like real data. */
    public Object probeValue(String fieldName) {
        return switch (this) {
            case TEXT -> "sample " + fieldName;
            case INTEGER -> 1L;
            case NUMBER -> 1.0;
            case BOOLEAN -> Boolean.TRUE;
            case LIST -> List.of("sample " + fieldName + " 1", "sample " + fieldName + " 2");
        };
    }
}
