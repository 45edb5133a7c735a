package io.tuneline.template.engine;

/** Counts tokens the way the model sees a prompt, and cuts a text after a number of its tokens. */
public interface PromptTokenizer {

    /** Tokens of a whole prompt, special tokens included (T5 appends {@code </s>}). */
    int countPromptTokens(String prompt);

    /** Tokens of a piece of text inside a prompt, without special tokens. */
    int countTextTokens(String text);

    /** The longest prefix of {@code text} that holds its first {@code tokens} tokens. */
    String keepFirstTokens(String text, int tokens);

    /** A short description for manifests (e.g. the tokenizer file). */
    String describe();
}
