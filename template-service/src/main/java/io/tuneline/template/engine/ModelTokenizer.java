package io.tuneline.template.engine;

import io.tuneline.model.tokenizer.T5Tokenizer;

import java.nio.file.Path;

/**
 * The model's own {@code tokenizer.json} through model-core's {@link T5Tokenizer}, the class the trainer encodes
 * with, so a prompt counted here has the length the model will see.
 */
public final class ModelTokenizer implements PromptTokenizer, AutoCloseable {

    private final T5Tokenizer tokenizer;
    private final String description;

    private ModelTokenizer(T5Tokenizer tokenizer, String description) {
        this.tokenizer = tokenizer;
        this.description = description;
    }

    /** See {@link T5Tokenizer#load} for the errors. */
    public static ModelTokenizer load(Path tokenizerJson, String description) {
        return new ModelTokenizer(T5Tokenizer.load(tokenizerJson), description);
    }

    @Override
    public int countPromptTokens(String prompt) {
        return tokenizer.countTokens(prompt, true);
    }

    @Override
    public int countTextTokens(String text) {
        return tokenizer.countTokens(text, false);
    }

    @Override
    public String keepFirstTokens(String text, int tokens) {
        return tokenizer.keepFirstTokens(text, tokens);
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
