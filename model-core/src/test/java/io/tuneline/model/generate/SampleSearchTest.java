package io.tuneline.model.generate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SampleSearchTest {

    private static final int VOCAB = 10;
    private static final long EOS = 1;

    /** Prompt of length n: emits tokens 3, 4, ... and ends with </s> after n new tokens. */
    private static final ScriptedModel COUNTING = new ScriptedModel(VOCAB, (prompt, decoded) -> {
        float[] logits = new float[VOCAB];
        int generated = decoded.length - 1;
        logits[generated < prompt.length ? 3 + generated : (int) EOS] = 5f;
        logits[8] = 2f; // the runner-up, chosen when </s> is forbidden
        return logits;
    });

    private final Generator counting = new Generator(COUNTING, SpecialTokens.T5);

    @Test
    void greedyStopsAtEosAndPadsFinishedRowsWithZero() {
        long[][] ids = counting.generate(new long[][] {{7, 7}, {7}}, GenerationConfig.greedy(10));

        assertThat(ids).isDeepEqualTo(new long[][] {{0, 3, 4, 1}, {0, 3, 1, 0}});
    }

    @Test
    void greedyStopsAtMaxNewTokens() {
        long[][] ids = counting.generate(new long[][] {{7, 7, 7, 7}}, GenerationConfig.greedy(2));

        assertThat(ids).isDeepEqualTo(new long[][] {{0, 3, 4}});
    }

    @Test
    void minNewTokensForbidsEosUntilReached() {
        GenerationConfig config = GenerationConfig.builder().maxNewTokens(10).minNewTokens(3).build();

        long[][] ids = counting.generate(new long[][] {{7}}, config);

        assertThat(ids).isDeepEqualTo(new long[][] {{0, 3, 8, 8, 1}});
    }

    @Test
    void noRepeatNgramBansTokensThatWouldRepeatAnNgram() {
        ScriptedModel prefersThree = new ScriptedModel(VOCAB, (prompt, decoded) -> {
            float[] logits = new float[VOCAB];
            logits[3] = 5f;
            logits[4] = 4f;
            logits[5] = 3f;
            logits[(int) EOS] = -5f;
            return logits;
        });
        GenerationConfig config = GenerationConfig.builder().maxNewTokens(5).noRepeatNgramSize(2).build();

        long[][] ids = new Generator(prefersThree, SpecialTokens.T5).generate(new long[][] {{7}}, config);

        // "3 3" and "3 4" may occur once each.
        assertThat(ids).isDeepEqualTo(new long[][] {{0, 3, 3, 4, 3, 5}});
    }

    @Test
    void samplingWithASeedIsReproducible() {
        Generator generator = new Generator(ScriptedModel.hashed(VOCAB, 1), SpecialTokens.T5);
        long[][] prompts = {{5, 6, 1}, {9, 1}, {4, 4, 4, 1}};
        GenerationConfig seeded = GenerationConfig.builder().maxNewTokens(12).doSample(true).topK(0).seed(42).build();
        GenerationConfig otherSeed = GenerationConfig.builder().maxNewTokens(12).doSample(true).topK(0).seed(7)
                .build();

        long[][] first = generator.generate(prompts, seeded);
        long[][] second = generator.generate(prompts, seeded);

        assertThat(second).isDeepEqualTo(first);
        assertThat(java.util.Arrays.deepEquals(generator.generate(prompts, otherSeed), first)).isFalse();
    }

    @Test
    void samplingSeveralSequencesGroupsThemPerPrompt() {
        // Prompt {5} can only continue with 3 or 4, prompt {6} only with 7 or 8: a row's tokens name its prompt.
        ScriptedModel byPrompt = new ScriptedModel(VOCAB, (prompt, decoded) -> {
            float[] logits = new float[VOCAB];
            java.util.Arrays.fill(logits, Float.NEGATIVE_INFINITY);
            int first = prompt[0] == 5 ? 3 : 7;
            logits[first] = 0f;
            logits[first + 1] = 0f;
            logits[(int) EOS] = decoded.length > 3 ? 2f : Float.NEGATIVE_INFINITY;
            return logits;
        });
        Generator generator = new Generator(byPrompt, SpecialTokens.T5);
        GenerationConfig config = GenerationConfig.builder().maxNewTokens(8).doSample(true).topK(0)
                .numReturnSequences(3).seed(3).build();

        long[][] ids = generator.generate(new long[][] {{5, 1}, {6, 1}}, config);

        assertThat(ids).hasNumberOfRows(6);
        for (int row = 0; row < 6; row++) {
            java.util.Set<Long> allowed = row < 3 ? java.util.Set.of(0L, 3L, 4L, EOS) : java.util.Set.of(0L, 7L, 8L, EOS);
            for (long token : ids[row]) {
                assertThat(allowed).as("row %d holds only its own prompt's tokens", row).contains(token);
            }
        }
        assertThat(java.util.Arrays.deepEquals(new long[][] {ids[0], ids[1]}, new long[][] {ids[1], ids[2]})).isFalse();
    }

    @Test
    void topKOneSamplingEqualsGreedy() {
        Generator generator = new Generator(ScriptedModel.hashed(VOCAB, 1), SpecialTokens.T5);
        long[][] prompts = {{5, 6, 1}, {9, 1}, {4, 4, 4, 1}};
        GenerationConfig topKOne = GenerationConfig.builder().maxNewTokens(12).doSample(true).topK(1)
                .temperature(0.7).seed(11).build();

        assertThat(generator.generate(prompts, topKOne))
                .isDeepEqualTo(generator.generate(prompts, GenerationConfig.greedy(12)));
    }

    @Test
    void batchedPromptsOfDifferentLengthsGiveTheSameIdsAsOneByOne() {
        Generator generator = new Generator(ScriptedModel.hashed(VOCAB, 1), SpecialTokens.T5);
        long[][] prompts = {{5, 6, 1}, {9, 1}, {4, 4, 4, 4, 4, 1}};
        GenerationConfig config = GenerationConfig.greedy(16);

        long[][] batched = generator.generate(prompts, config);

        for (int i = 0; i < prompts.length; i++) {
            long[] alone = generator.generate(new long[][] {prompts[i]}, config)[0];
            assertThat(java.util.Arrays.copyOf(batched[i], alone.length)).containsExactly(alone);
        }
    }
}
