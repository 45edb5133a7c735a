package io.tuneline.model.tokenizer;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A T5 SentencePiece-style tokenizer read from Hugging Face's {@code tokenizer.json}. Ids match
 * transformers', including the {@code </s>} the post-processor appends. Truncation and padding are off:
 * DJL's defaults (truncate to 512, pad to the longest) would silently cut long prompts.
 *
 * <p>The one tokenizer wrapper of the project: the trainer encodes with it, and template-service counts and cuts
 * prompts with it ({@link #countTokens}, {@link #keepFirstTokens}), so both see the same tokens.
 */
public final class T5Tokenizer implements AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;

    private T5Tokenizer(HuggingFaceTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /**
     * Reads a {@code tokenizer.json}; a file that cannot be read is an {@link UncheckedIOException}, one that is not
     * a tokenizer an {@link IllegalArgumentException}.
     */
    public static T5Tokenizer load(Path tokenizerJson) {
        try {
            return new T5Tokenizer(HuggingFaceTokenizer.newInstance(tokenizerJson,
                    Map.of("truncation", "false", "padding", "false", "addSpecialTokens", "true")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load tokenizer " + tokenizerJson, e);
        } catch (RuntimeException e) {
            // DJL reports a file it cannot parse as a plain RuntimeException (e.g. "Model missing").
            throw new IllegalArgumentException("not a valid tokenizer.json: " + tokenizerJson + " (" + e.getMessage()
                    + ")", e);
        }
    }

    /** Token ids of one text, ending with {@code </s>}. */
    public long[] encode(String text) {
        return tokenizer.encode(text).getIds();
    }

    /** Token ids of each text, unpadded (lengths differ). */
    public long[][] encode(List<String> texts) {
        Encoding[] encodings = tokenizer.batchEncode(texts);
        long[][] ids = new long[encodings.length][];
        for (int i = 0; i < encodings.length; i++) {
            ids[i] = encodings[i].getIds();
        }
        return ids;
    }

    /** How many tokens the text has, with the special tokens the model sees ({@code </s>}) or without. */
    public int countTokens(String text, boolean withSpecialTokens) {
        return tokenizer.encode(text, withSpecialTokens, false).getIds().length;
    }

    /**
     * The longest prefix of {@code text} that holds its first {@code tokens} tokens (no special tokens), cut where a
     * token ends, never inside one.
     */
    public String keepFirstTokens(String text, int tokens) {
        if (tokens <= 0) {
            return "";
        }
        CharSpan[] spans = tokenizer.encode(text, false, false).getCharTokenSpans();
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

    /** Text of the ids; with {@code skipSpecialTokens} drops {@code <pad>}, {@code </s>} and the like. */
    public String decode(long[] ids, boolean skipSpecialTokens) {
        return tokenizer.decode(ids, skipSpecialTokens);
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
