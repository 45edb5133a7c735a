package io.tuneline.template.testing;

import io.tuneline.template.engine.PromptTokenizer;

/**
 * A tokenizer where every whitespace-separated word is one token and a whole prompt has one more (T5's
 * {@code </s>}): lengths a test can count by eye, for tests where the model's vocabulary is not the point.
 */
public final class WordTokenizer implements PromptTokenizer {

    @Override
    public int countPromptTokens(String prompt) {
        return countTextTokens(prompt) + 1;
    }

    @Override
    public int countTextTokens(String text) {
        String stripped = text.strip();
        return stripped.isEmpty() ? 0 : stripped.split("\\s+").length;
    }

    @Override
    public String keepFirstTokens(String text, int tokens) {
        String[] words = text.strip().split("\\s+");
        return String.join(" ", java.util.Arrays.copyOf(words, Math.min(tokens, words.length)));
    }

    @Override
    public String describe() {
        return "words";
    }
}
