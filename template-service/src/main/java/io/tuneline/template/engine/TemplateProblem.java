package io.tuneline.template.engine;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Why a template cannot be accepted, and where: {@code part} is {@code jinja} or {@code answerChoices};
 * {@code line}/{@code column} are 1-based positions in that part (absent when unknown); {@code field} names the
 * offending variable, filter or tag.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TemplateProblem(String code, String message, String part, String field, Integer line, Integer column) {

    public static final String SYNTAX = "template-syntax";
    public static final String UNKNOWN_FIELD = "unknown-field";
    public static final String UNKNOWN_FILTER = "unknown-filter";
    public static final String MISSING_SEPARATOR = "missing-separator";
    public static final String EXTRA_SEPARATOR = "extra-separator";
    public static final String EMPTY = "empty-template";
    public static final String RENDER_ERROR = "template-error";
}
