package io.tuneline.model.generate;

/**
 * What the search strategies need from an encoder-decoder model: encode a batch of prompts once, then feed
 * one token per row and read the next-token scores. Keeping scores as plain Java arrays lets the search
 * logic be tested against small fake models and keeps the model code free of search details.
 */
public interface Seq2SeqModel {

    int vocabSize();

    /**
     * Encodes the prompts (token ids without padding, lengths may differ) and opens a decoder with a key/value
     * cache. Each prompt occupies {@code copiesPerPrompt} consecutive decoder rows (beams or samples).
     */
    DecodingSession startDecoding(long[][] prompts, int copiesPerPrompt);

    /** An open decoder: one row per hypothesis, holding the encoder output and the self-attention cache. */
    interface DecodingSession extends AutoCloseable {

        /**
         * Appends {@code lastTokens[row]} to every row and returns the scores of the next token, row-major
         * {@code [rows * vocabSize]}: raw logits, or their log-softmax when {@code logSoftmax} is set.
         */
        float[] next(long[] lastTokens, boolean logSoftmax);

        /** Rearranges the rows: new row {@code i} continues old row {@code sourceRows[i]}. */
        void reorder(int[] sourceRows);

        /**
         * Continuous batching: appends the rows of {@code newcomers} (another session of the same model that has
         * run no more steps than this one, possibly none: then its rows decode their first token in this session's
         * next step) after this session's rows, and closes it. Each row keeps decoding exactly as it would alone.
         */
        default void absorb(DecodingSession newcomers) {
            throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot merge sessions");
        }

        /**
         * Computes now what {@link #absorb} would otherwise compute for this session's rows when another session
         * takes them in (for T5: the cross-attention keys and values of the encoder output), so that a continuous
         * batch can prepare newcomers on another thread while its running rows decode. Nothing by default.
         */
        default void prepareToJoin() {
        }

        @Override
        void close();
    }
}
