package io.tuneline.template.engine;

/** A template applied to one example: the model's input and the expected output. */
public record RenderedPrompt(String prompt, String completion) {
}
