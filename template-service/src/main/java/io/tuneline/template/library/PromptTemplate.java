package io.tuneline.template.library;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * One phrasing of a task in promptsource's form: {@code jinja} renders to {@code prompt ||| target};
 * {@code answerChoices} (optional) is itself a Jinja string whose output, split on {@code |||}, becomes the list
 * variable {@code answer_choices}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PromptTemplate(String id, String task, String name, String jinja, String answerChoices,
                             String reference, Map<String, Object> metadata, Origin origin) {

    /** Template ids appear in file lines and storage keys: the same safe shape as other ids. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    public PromptTemplate {
        metadata = metadata == null ? Map.of() : metadata;
    }

    /** The metadata key naming the kind of data a phrasing was written for (e.g. {@code support-chat}). */
    public static final String DOMAIN = "domain";

    /**
     * The kind of data this phrasing was written for, or null when it suits any data of its task. A phrasing
     * with a domain ("Read the following support chat…") is only chosen for datasets tagged with it.
     */
    @JsonIgnore
    public String domain() {
        Object domain = metadata.get(DOMAIN);
        return domain instanceof String text && !text.isBlank() ? text.strip() : null;
    }

    public PromptTemplate withTask(String newTask) {
        return new PromptTemplate(id, newTask, name, jinja, answerChoices, reference, metadata, origin);
    }

    public PromptTemplate withOrigin(Origin newOrigin) {
        return new PromptTemplate(id, task, name, jinja, answerChoices, reference, metadata, newOrigin);
    }
}
