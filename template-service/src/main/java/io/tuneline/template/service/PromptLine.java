package io.tuneline.template.service;

/** One line of a rendered split file. */
public record PromptLine(String prompt, String completion, String task, String templateId, String exampleId) {
}
