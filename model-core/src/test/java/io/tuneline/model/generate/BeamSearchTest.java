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

    /**
     * A tree of continuations, each given by the decoded prefix after the start token; every token not listed has
     * logit -30 (practically never chosen). The sums below are the natural logs of the listed probabilities.
     */
    private static ScriptedModel tree(java.util.Map<String, double[][]> next) {
        return new ScriptedModel(VOCAB, (prompt, decoded) -> {
            float[] logits = new float[VOCAB];
            java.util.Arrays.fill(logits, -30f);
            StringBuilder key = new StringBuilder();
            for (int i = 1; i < decoded.length; i++) {
                key.append(decoded[i]);
            }
            for (double[] tokenAndProbability : next.getOrDefault(key.toString(), new double[0][])) {
                logits[(int) tokenAndProbability[0]] = (float) Math.log(tokenAndProbability[1]);
            }
            return logits;
        });
    }

    /**
     * Two beams, "4 </s>" (log p -0.92, 2 new tokens with </s>) against "3 5 </s>" (log p -1.20, 3 new tokens).
     * Hugging Face scores a finished hypothesis as sum / new_tokens ** length_penalty: with penalty 0 the sums
     * decide (-0.92 > -1.20), with penalty 2 the longer one wins (-1.20 / 9 = -0.134 > -0.92 / 4 = -0.229).
     * Counting new tokens without </s> gives the same winners (-0.92 / 1 and -1.20 / 4), so the expectation does
     * not hinge on that convention.
     */
    @Test
    void lengthPenaltyChangesTheWinner() {
        ScriptedModel model = tree(java.util.Map.of(
                "", new double[][] {{3, 0.6}, {4, 0.4}},
                "4", new double[][] {{EOS, 1.0}},
                "3", new double[][] {{5, 0.5}, {6, 0.3}, {7, 0.2}},
                "35", new double[][] {{EOS, 1.0}},
                "36", new double[][] {{EOS, 1.0}}));
        Generator generator = new Generator(model, SpecialTokens.T5);

        long[] noPenalty = generator.generate(new long[][] {{7, 1}}, beams(2, 0.0, EarlyStopping.FALSE))[0];
        long[] longerPreferred = generator.generate(new long[][] {{7, 1}}, beams(2, 2.0, EarlyStopping.FALSE))[0];

        assertThat(upToEos(noPenalty)).containsExactly(0, 4, 1);
        assertThat(upToEos(longerPreferred)).containsExactly(0, 3, 5, 1);
    }

    /**
     * Two beams, length penalty 2 (longer is rewarded), at most 8 new tokens. Worked out step by step with
     * Hugging Face's rules (finished score = sum / new_tokens ** 2):
     * <ol>
     *   <li>step 2 finishes "4 </s>" (sum -1.109, score -0.277); "3 7" and "4 8" run on;</li>
     *   <li>step 3 finishes "3 7 </s>" (-1.273, score -0.141): two hypotheses, so {@code true} stops here;
     *       "4 8 5" (-1.310) still could win at its length (-1.310 / 9 = -0.146 > -0.277), so {@code false} goes on;</li>
     *   <li>step 4 finishes "4 8 5 </s>" (-1.667, score -0.104); the best running beam "4 8 5 9" (-2.514) scores
     *       -0.157 at its length, below the worst finished -0.141, so {@code false} stops; {@code never} judges it
     *       at the maximum length (-2.514 / 64 = -0.039) and goes on;</li>
     *   <li>step 6 finishes "4 8 5 9 7 </s>" (-2.619, score -0.073), the best of all; then nothing can improve.</li>
     * </ol>
     */
    @Test
    void earlyStoppingTrueFalseAndNeverEndDifferently() {
        ScriptedModel model = tree(java.util.Map.of(
                "", new double[][] {{4, 0.6}, {3, 0.4}},
                "4", new double[][] {{EOS, 0.55}, {8, 0.45}},
                "3", new double[][] {{7, 1.0}},
                "37", new double[][] {{EOS, 0.7}, {6, 0.3}},
                "48", new double[][] {{5, 1.0}},
                "485", new double[][] {{EOS, 0.7}, {9, 0.3}},
                "376", new double[][] {{9, 0.6}, {8, 0.4}},
                "4859", new double[][] {{7, 0.9}, {EOS, 0.1}},
                "3769", new double[][] {{EOS, 1.0}},
                "48597", new double[][] {{EOS, 1.0}}));
        Generator generator = new Generator(model, SpecialTokens.T5);
        long[][] prompt = {{7, 1}};

        assertThat(upToEos(generator.generate(prompt, beams(2, 2.0, EarlyStopping.TRUE))[0]))
                .containsExactly(0, 3, 7, 1);
        assertThat(upToEos(generator.generate(prompt, beams(2, 2.0, EarlyStopping.FALSE))[0]))
                .containsExactly(0, 4, 8, 5, 1);
        assertThat(upToEos(generator.generate(prompt, beams(2, 2.0, EarlyStopping.NEVER))[0]))
                .containsExactly(0, 4, 8, 5, 9, 7, 1);
    }

    private static GenerationConfig beams(int numBeams, double lengthPenalty, EarlyStopping earlyStopping) {
        return GenerationConfig.builder().maxNewTokens(8).numBeams(numBeams).lengthPenalty(lengthPenalty)
                .earlyStopping(earlyStopping).build();
    }

    private static long[] upToEos(long[] row) {
        for (int i = 1; i < row.length; i++) {
            if (row[i] == EOS) {
                return java.util.Arrays.copyOf(row, i + 1);
            }
        }
        return row;
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
