package io.tuneline.template.engine;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The model's own {@code tokenizer.json} through DJL. Truncation and padding are off: DJL's defaults would cut at
 * 512 tokens and hide the very overflow that length control has to see.
 */
public final class HuggingFaceTokenizerAdapter implements PromptTokenizer, AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;
    private final String description;

    private HuggingFaceTokenizerAdapter(HuggingFaceTokenizer tokenizer, String description) {
        this.tokenizer = tokenizer;
        this.description = description;
    }

    public static HuggingFaceTokenizerAdapter load(Path tokenizerJson, String description) {
        try {
            return new HuggingFaceTokenizerAdapter(HuggingFaceTokenizer.newInstance(tokenizerJson,
                    Map.of("truncation", "false", "padding", "false", "addSpecialTokens", "true")), description);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the tokenizer " + tokenizerJson, e);
        } catch (RuntimeException e) {
            // DJL reports a file it cannot parse as a plain RuntimeException (e.g. "Model missing").
            throw new IllegalArgumentException("not a valid tokenizer.json: " + tokenizerJson + " (" + e.getMessage()
                    + ")", e);
        }
    }

    @Override
    public int countPromptTokens(String prompt) {
        return tokenizer.encode(prompt, true, false).getIds().length;
    }

    @Override
    public int countTextTokens(String text) {
        return tokenizer.encode(text, false, false).getIds().length;
    }

    @Override
    public String keepFirstTokens(String text, int tokens) {
        if (tokens <= 0) {
            return "";
        }
        Encoding encoding = tokenizer.encode(text, false, false);
        CharSpan[] spans = encoding.getCharTokenSpans();
        if (tokens >= spans.length) {
            return text;
        }
        for (int i = tokens - 1; i >= 0; i--) {
            if (spans[i] != null) {
                return text.substring(0, Math.min(text.length(), spans[i].getEnd()));
            }
        }
        return "";
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
