package io.tuneline.model.generate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScoreProcessorsTest {

    private static final float NEG_INF = Float.NEGATIVE_INFINITY;

    @Test
    void topPKeepsTheSmallestSetReachingP() {
        float[] scores = logs(0.5, 0.3, 0.2);

        ScoreProcessors.keepTopP(scores, 0, 3, 0.7);

        assertThat(scores[0]).isFinite();
        assertThat(scores[1]).isFinite();
        assertThat(scores[2]).isEqualTo(NEG_INF);
    }

    @Test
    void topPAlwaysKeepsTheMostLikelyToken() {
        float[] scores = logs(0.1, 0.9);

        ScoreProcessors.keepTopP(scores, 0, 2, 0.01);

        assertThat(scores).containsExactly(NEG_INF, (float) Math.log(0.9));
    }

    @Test
    void topKKeepsTiesWithTheKthScore() {
        float[] scores = {0f, 3f, 1f, 1f, 2f};

        ScoreProcessors.keepTopK(scores, 0, 5, 3);

        assertThat(scores).containsExactly(NEG_INF, 3f, 1f, 1f, 2f);
    }

    @Test
    void processorsWorkOnOneRowOfABatch() {
        float[] scores = {1f, 1f, 1f, 5f, 1f, 1f};
        GenerationConfig config = GenerationConfig.builder().minNewTokens(2).build();

        ScoreProcessors.constrain(scores, 3, new long[] {0, 4}, 2, config, 1);

        assertThat(scores).containsExactly(1f, 1f, 1f, 5f, NEG_INF, 1f);
    }

    private static float[] logs(double... probabilities) {
        float[] out = new float[probabilities.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) Math.log(probabilities[i]);
        }
        return out;
    }
}
