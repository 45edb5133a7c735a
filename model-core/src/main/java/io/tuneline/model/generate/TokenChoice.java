package io.tuneline.model.generate;

import java.util.SplittableRandom;

/**
 * The next token of one greedy or sampling row, exactly as {@link Generator} chooses it: the shared constraints
 * (min new tokens, no-repeat n-grams), then the argmax, or a draw from the warped distribution with the row's
 * random generator. Public so that a serving engine decoding rows of different requests in one batch makes the
 * same choices as a request generated alone.
 */
public final class TokenChoice {

    private TokenChoice() {
    }

    /**
     * Chooses the token following {@code sequence[0..length)} (which starts with the decoder start token) from the
     * row {@code scores[offset .. offset + vocab)} of raw logits, which it rewrites in place.
     */
    public static long next(float[] scores, int offset, int vocab, long[] sequence, int length,
                            GenerationConfig config, long eosTokenId, SplittableRandom random) {
        ScoreProcessors.constrain(scores, offset, sequence, length, config, eosTokenId);
        return config.doSample()
                ? sample(scores, offset, vocab, config, random)
                : SampleSearch.argmax(scores, offset, vocab);
    }

    private static int sample(float[] scores, int offset, int vocab, GenerationConfig config,
                              SplittableRandom random) {
        ScoreProcessors.warp(scores, offset, vocab, config);
        double[] probabilities = ScoreProcessors.softmax(scores, offset, vocab);
        double target = random.nextDouble();
        double cumulative = 0;
        int lastPossible = 0;
        for (int token = 0; token < vocab; token++) {
            if (probabilities[token] > 0) {
                cumulative += probabilities[token];
                lastPossible = token;
                if (target < cumulative) {
                    return token;
                }
            }
        }
        return lastPossible; // rounding left the cumulative sum just below 1
    }
}
