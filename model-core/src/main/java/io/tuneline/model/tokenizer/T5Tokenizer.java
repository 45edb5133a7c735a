package io.tuneline.model.tokenizer;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A T5 SentencePiece-style tokenizer read from Hugging Face's {@code tokenizer.json}. Ids match
 * transformers', including the {@code </s>} the post-processor appends. Truncation and padding are off:
 * DJL's defaults (truncate to 512, pad to the longest) would silently cut long prompts.
 */
public final class T5Tokenizer implements AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;

    private T5Tokenizer(HuggingFaceTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    public static T5Tokenizer load(Path tokenizerJson) {
        try {
            return new T5Tokenizer(HuggingFaceTokenizer.newInstance(tokenizerJson,
                    Map.of("truncation", "false", "padding", "false", "addSpecialTokens", "true")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load tokenizer " + tokenizerJson, e);
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

    /** Text of the ids; with {@code skipSpecialTokens} drops {@code <pad>}, {@code </s>} and the like. */
    public String decode(long[] ids, boolean skipSpecialTokens) {
        return tokenizer.decode(ids, skipSpecialTokens);
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
