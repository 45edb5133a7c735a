package io.tuneline.model.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.tuneline.model.nn.DecoderCache;
import io.tuneline.model.nn.T5ForConditionalGeneration;

/**
 * {@link Seq2SeqModel} over a T5 model: the prompts are right-padded into one batch and encoded once; every
 * step runs only the new token through the decoder, with the self-attention keys/values in a
 * {@link DecoderCache} and the cross-attention keys/values computed on the first step.
 */
public final class T5Seq2SeqModel implements Seq2SeqModel {

    private final T5ForConditionalGeneration model;

    public T5Seq2SeqModel(T5ForConditionalGeneration model) {
        this.model = model;
    }

    /** The token ids of the model's config and generation_config.json. */
    public SpecialTokens specialTokens() {
        var defaults = model.generationDefaults();
        return new SpecialTokens(defaults.decoderStartTokenId(), defaults.eosTokenId(), defaults.padTokenId());
    }

    @Override
    public int vocabSize() {
        return model.config().vocabSize();
    }

    @Override
    public DecodingSession startDecoding(long[][] prompts, int copiesPerPrompt) {
        NDManager sessionManager = model.manager().newSubManager();
        try {
            int width = 0;
            for (long[] prompt : prompts) {
                width = Math.max(width, prompt.length);
            }
            long[] ids = new long[prompts.length * width];
            long[] mask = new long[prompts.length * width];
            long pad = specialTokens().padTokenId();
            for (int row = 0; row < prompts.length; row++) {
                for (int position = 0; position < width; position++) {
                    boolean inside = position < prompts[row].length;
                    ids[row * width + position] = inside ? prompts[row][position] : pad;
                    mask[row * width + position] = inside ? 1 : 0;
                }
            }
            // One row per hypothesis: prompt i fills rows i * copies .. (i + 1) * copies - 1.
            long[] expand = new long[prompts.length * copiesPerPrompt];
            for (int row = 0; row < expand.length; row++) {
                expand[row] = row / copiesPerPrompt;
            }
            NDArray encoderHidden;
            NDArray encoderMask;
            try (NDManager scratch = sessionManager.newSubManager()) {
                Shape shape = new Shape(prompts.length, width);
                NDArray inputIds = scratch.create(ids, shape);
                NDArray attentionMask = scratch.create(mask, shape);
                NDIndex rows = new NDIndex("{}", scratch.create(expand));
                encoderHidden = model.encode(inputIds, attentionMask, false).get(rows);
                encoderMask = attentionMask.get(rows);
                encoderHidden.attach(sessionManager);
                encoderMask.attach(sessionManager);
            }
            return new Session(sessionManager, encoderHidden, encoderMask, model.newCache());
        } catch (RuntimeException e) {
            sessionManager.close();
            throw e;
        }
    }

    private final class Session implements DecodingSession {
        private final NDManager manager;
        private final NDArray encoderHidden;
        private final NDArray encoderMask;
        private final DecoderCache cache;

        Session(NDManager manager, NDArray encoderHidden, NDArray encoderMask, DecoderCache cache) {
            this.manager = manager;
            this.encoderHidden = encoderHidden;
            this.encoderMask = encoderMask;
            this.cache = cache;
        }

        @Override
        public float[] next(long[] lastTokens, boolean logSoftmax) {
            // Arrays of one step live in a sub-manager (the model creates them in the manager of the ids).
            try (NDManager step = manager.newSubManager()) {
                NDArray ids = step.create(lastTokens, new Shape(lastTokens.length, 1));
                NDArray logits = model.decode(ids, encoderHidden, encoderMask, cache, false).squeeze(1);
                return (logSoftmax ? logits.logSoftmax(-1) : logits).toFloatArray();
            }
        }

        @Override
        public void reorder(int[] sourceRows) {
            try (NDManager step = manager.newSubManager()) {
                long[] rows = new long[sourceRows.length];
                for (int i = 0; i < rows.length; i++) {
                    rows[i] = sourceRows[i];
                }
                cache.reorder(step.create(rows));
            }
        }

        @Override
        public void absorb(DecodingSession newcomers) {
            if (!(newcomers instanceof Session other) || other.owner() != T5Seq2SeqModel.this) {
                throw new IllegalArgumentException("can only absorb a session of the same model");
            }
            // The encoder output is only read for the cross-attention keys and values, which the cache keeps, so
            // the newcomers' cache is all that has to move. Newcomers that have not decoded yet get those keys
            // and values now and decode their first position in this session's next step.
            prefillCrossAttention();
            other.prefillCrossAttention();
            cache.absorb(other.cache);
            other.close();
        }

        @Override
        public void prepareToJoin() {
            prefillCrossAttention();
        }

        /** The cross-attention keys and values of a session that has not decoded yet (kept by its cache). */
        private void prefillCrossAttention() {
            if (cache.length() == 0 && cache.rows() == 0) {
                model.prefillCrossAttention(encoderHidden, encoderMask, cache);
            }
        }

        private T5Seq2SeqModel owner() {
            return T5Seq2SeqModel.this;
        }

        @Override
        public void close() {
            cache.close();
            manager.close();
        }
    }
}
