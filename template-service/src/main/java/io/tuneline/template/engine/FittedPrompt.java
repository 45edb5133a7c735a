package io.tuneline.template.engine;

/**
 * A rendered example within the model's input limit. {@code truncated}: the data field was shortened to fit;
 * {@code overLimit}: even without its data field the prompt is too long (or the task has no data field), so it
 * was left as it is and counted.
 */
public record FittedPrompt(RenderedPrompt rendered, int promptTokens, boolean truncated, boolean overLimit) {
}
