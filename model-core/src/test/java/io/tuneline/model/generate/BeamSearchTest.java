package io.tuneline.model.generate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BeamSearchTest {

    private static final int VOCAB = 10;
    private static final long EOS = 1;

    /**
     * Greedy takes token 3 (p 0.55), after which five tokens share the mass (p 0.2 each); token 4 (p 0.45) is
     * followed by a near-certain {@code </s>}, so "4 </s>" is the most likely sequence.
     */
    private static final ScriptedModel GARDEN_PATH = new ScriptedModel(VOCAB, (prompt, decoded) -> {
        float[] logits = new float[VOCAB];
        java.util.Arrays.fill(logits, -30f);
        long last = decoded[decoded.length - 1];
        if (decoded.length == 1) {
            logits[3] = (float) Math.log(0.55);
            logits[4] = (float) Math.log(0.45);
        } else if (last == 3) {
            for (int token = 5; token < VOCAB; token++) {
                logits[token] = 0f;
            }
        } else {
            logits[(int) EOS] = 0f;
        }
        return logits;
    });

    @Test
    void beamSearchFindsTheMoreLikelySequenceGreedyMisses() {
        Generator generator = new Generator(GARDEN_PATH, SpecialTokens.T5);
        GenerationConfig beam2 = GenerationConfig.builder().maxNewTokens(8).numBeams(2)
                .earlyStopping(EarlyStopping.TRUE).numReturnSequences(2).build();

        assertThat(generator.generate(new long[][] {{7, 1}}, GenerationConfig.greedy(8)))
                .isDeepEqualTo(new long[][] {{0, 3, 5, 1}});
        // Best first; the shorter row is filled with </s> as Hugging Face does when pad id is 0.
        assertThat(generator.generate(new long[][] {{7, 1}}, beam2))
                .isDeepEqualTo(new long[][] {{0, 4, 1, 1}, {0, 3, 5, 1}});
    }

    @Test
    void returnedBeamsAreSortedByTheirLengthNormalisedScore() {
        ScriptedModel model = ScriptedModel.hashed(VOCAB, 2);
        Generator generator = new Generator(model, SpecialTokens.T5);
        long[][] prompts = {{5, 6, 1}, {9, 1}};
        for (double lengthPenalty : new double[] {0.6, 1.0, 2.0}) {
            GenerationConfig config = GenerationConfig.builder().maxNewTokens(12).numBeams(4)
                    .numReturnSequences(4).lengthPenalty(lengthPenalty).earlyStopping(EarlyStopping.NEVER).build();

            long[][] ids = generator.generate(prompts, config);

            assertThat(ids).hasNumberOfRows(8);
            for (int prompt = 0; prompt < prompts.length; prompt++) {
                double previous = Double.POSITIVE_INFINITY;
                for (int rank = 0; rank < 4; rank++) {
                    long[] row = ids[prompt * 4 + rank];
                    int newTokens = generatedLength(row);
                    double score = model.sequenceLogProb(prompts[prompt], row, EOS)
                            / Math.pow(newTokens, lengthPenalty);
                    assertThat(score).isLessThanOrEqualTo(previous + 1e-5);
                    previous = score;
                }
            }
        }
    }

    private static int generatedLength(long[] row) {
        for (int i = 1; i < row.length; i++) {
            if (row[i] == EOS) {
                return i;
            }
        }
        return row.length - 1;
    }
}
