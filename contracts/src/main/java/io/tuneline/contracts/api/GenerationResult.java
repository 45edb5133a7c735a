package io.tuneline.contracts.api;


/**
 * One finished generation.
 *
 * @param model        the model and version that produced it
 * @param text         the decoded new tokens, special tokens removed
 * @param promptTokens tokens of the prompt as the model saw it
 * @param newTokens    tokens generated ({@code </s>} included)
 * @param finishReason {@code eos} or {@code length}
 * @param latencyMs    from acceptance to the last token
 * @param firstTokenMs from acceptance to the first token
 */
public record GenerationResult(ModelVersion model, String text, int promptTokens, int newTokens, String finishReason,
                               long latencyMs, long firstTokenMs) {
}
