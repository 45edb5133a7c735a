package io.tuneline.model.generate;

import java.util.Arrays;

/**
 * Rewrites of one row of next-token scores, in place, with the semantics of Hugging Face's logits processors
 * ({@code MinNewTokensLengthLogitsProcessor}, {@code NoRepeatNGramLogitsProcessor}) and sampling warpers
 * ({@code TemperatureLogitsWarper}, {@code TopKLogitsWarper}, {@code TopPLogitsWarper}). A row is
 * {@code scores[offset .. offset + vocab)}; a forbidden token gets {@code -inf}.
 */
final class ScoreProcessors {

    private ScoreProcessors() {
    }

    /** Applies the processors every strategy shares; {@code sequence[0..length)} starts with the decoder start. */
    static void constrain(float[] scores, int offset, long[] sequence, int length, GenerationConfig config,
                          long eosTokenId) {
        if (length - 1 < config.minNewTokens()) {
            scores[offset + (int) eosTokenId] = Float.NEGATIVE_INFINITY;
        }
        if (config.noRepeatNgramSize() > 0) {
            banRepeatedNgrams(scores, offset, sequence, length, config.noRepeatNgramSize());
        }
    }

    /**
     * Bans every token that would complete an n-gram already present in the sequence: the last {@code n - 1}
     * tokens are matched against every earlier window (the decoder start token counts, as in Hugging Face).
     */
    static void banRepeatedNgrams(float[] scores, int offset, long[] sequence, int length, int n) {
        if (length + 1 < n) {
            return;
        }
        int prefixStart = length - (n - 1);
        for (int start = 0; start + n - 1 < length; start++) {
            if (matches(sequence, start, prefixStart, n - 1)) {
                scores[offset + (int) sequence[start + n - 1]] = Float.NEGATIVE_INFINITY;
            }
        }
    }

    /** Sampling warpers in Hugging Face's order: temperature, then top-k, then top-p. */
    static void warp(float[] scores, int offset, int vocab, GenerationConfig config) {
        if (config.temperature() != 1.0) {
            float temperature = (float) config.temperature();
            for (int i = offset; i < offset + vocab; i++) {
                scores[i] = scores[i] / temperature;
            }
        }
        if (config.topK() > 0 && config.topK() < vocab) {
            keepTopK(scores, offset, vocab, config.topK());
        }
        if (config.topP() < 1.0) {
            keepTopP(scores, offset, vocab, config.topP());
        }
    }

    /** Keeps the tokens scoring at least the k-th best score (ties with it are kept). */
    static void keepTopK(float[] scores, int offset, int vocab, int k) {
        float[] sorted = Arrays.copyOfRange(scores, offset, offset + vocab);
        Arrays.sort(sorted);
        float threshold = sorted[vocab - k];
        for (int i = offset; i < offset + vocab; i++) {
            if (scores[i] < threshold) {
                scores[i] = Float.NEGATIVE_INFINITY;
            }
        }
    }

    /**
     * Nucleus filtering: walking from the least likely token up, drops tokens while the probability mass seen so
     * far stays at most {@code 1 - p}; the most likely token is always kept.
     */
    static void keepTopP(float[] scores, int offset, int vocab, double p) {
        Integer[] ascending = new Integer[vocab];
        for (int i = 0; i < vocab; i++) {
            ascending[i] = i;
        }
        Arrays.sort(ascending, (a, b) -> Float.compare(scores[offset + a], scores[offset + b]));
        double[] probabilities = softmax(scores, offset, vocab);
        double cumulative = 0;
        for (int rank = 0; rank < vocab - 1; rank++) {
            int token = ascending[rank];
            cumulative += probabilities[token];
            if (cumulative > 1 - p) {
                break;
            }
            scores[offset + token] = Float.NEGATIVE_INFINITY;
        }
    }

    /** Softmax of one row in double precision; {@code -inf} scores get probability 0. */
    static double[] softmax(float[] scores, int offset, int vocab) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = offset; i < offset + vocab; i++) {
            max = Math.max(max, scores[i]);
        }
        double[] probabilities = new double[vocab];
        double sum = 0;
        for (int i = 0; i < vocab; i++) {
            probabilities[i] = Math.exp(scores[offset + i] - max);
            sum += probabilities[i];
        }
        for (int i = 0; i < vocab; i++) {
            probabilities[i] /= sum;
        }
        return probabilities;
    }

    private static boolean matches(long[] sequence, int a, int b, int count) {
        for (int i = 0; i < count; i++) {
            if (sequence[a + i] != sequence[b + i]) {
                return false;
            }
        }
        return true;
    }
}
