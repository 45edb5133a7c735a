package io.tuneline.model.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tuneline.model.config.LoraConfig;
import io.tuneline.model.config.T5Config;
import io.tuneline.model.generate.Seq2SeqModel;
import io.tuneline.model.generate.T5Seq2SeqModel;
import io.tuneline.model.io.T5Checkpoint;
import io.tuneline.model.testing.Fixtures;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The fused inference view ({@link T5ForConditionalGeneration#fusedForInference()}): q|k|v, k|v and wi_0|wi_1 as one
 * matrix product each give the same next-token scores as the separate products, within float rounding, for a
 * padded batch over several incremental steps; modules an adapter targets stay unfused; the model itself never
 * fuses.
 */
class FusedProjectionsTest {

    private static final int STEPS = 6;

    @ParameterizedTest
    @ValueSource(strings = {Fixtures.FLAN_UNTIED, Fixtures.T5_V1, Fixtures.TIED_NOSCALE})
    void fusedScoresEqualUnfusedScores(String fixture) {
        try (T5ForConditionalGeneration base = T5Checkpoint.load(Fixtures.t5(fixture))) {
            float[][] expected = scores(base);
            assertThat(base.fusedWeightCount()).as("the model itself does not fuse").isZero();
            T5ForConditionalGeneration fused = base.fusedForInference();

            float[][] actual = scores(fused);

            assertClose(actual, expected);
            T5Config config = base.config();
            int attentions = config.numLayers() + 2 * config.numDecoderLayers();
            int feedForwards = config.gatedActivation() ? config.numLayers() + config.numDecoderLayers() : 0;
            assertThat(base.fusedWeightCount()).as("every attention and gated feed-forward fused")
                    .isEqualTo(attentions + feedForwards);
            assertThat(fused.fused()).isTrue();
            assertThat(base.fused()).isFalse();
        }
    }

    @Test
    void modulesAnAdapterTargetsAreNotFused() {
        try (T5ForConditionalGeneration base = T5Checkpoint.load(Fixtures.t5(Fixtures.FLAN_UNTIED));
             LoraAdapter adapter = nonZero(LoraAdapter.initialize(base.config(),
                     new LoraConfig(4, 8, 0.0, List.of("q", "v"), "flan-t5-tiny-untied"), 3));
             T5ForConditionalGeneration adapted = base.withAdapter(adapter)) {
            float[][] expected = scores(adapted);
            assertThat(Arrays.deepEquals(expected, scores(base))).as("the adapter changes the output").isFalse();

            float[][] actual = scores(adapted.fusedForInference());

            assertClose(actual, expected);
            T5Config config = base.config();
            assertThat(base.fusedWeightCount()).as("only the feed-forwards (q and v carry the adapter everywhere)")
                    .isEqualTo(config.numLayers() + config.numDecoderLayers());
        }
    }

    /** The scores of 3 prompts of different lengths (a padded batch), fed the same tokens for {@link #STEPS}. */
    private static float[][] scores(T5ForConditionalGeneration t5) {
        T5Seq2SeqModel model = new T5Seq2SeqModel(t5);
        SplittableRandom random = new SplittableRandom(7);
        long[][] prompts = new long[3][];
        for (int i = 0; i < prompts.length; i++) {
            prompts[i] = random.longs(4 + 9 * i, 3, model.vocabSize()).toArray();
        }
        float[][] scores = new float[STEPS][];
        try (Seq2SeqModel.DecodingSession session = model.startDecoding(prompts, 1)) {
            for (int step = 0; step < STEPS; step++) {
                long token = step == 0 ? model.specialTokens().decoderStartTokenId() : 10 + step;
                scores[step] = session.next(new long[] {token, token, token}, false);
            }
        }
        return scores;
    }

    private static void assertClose(float[][] actual, float[][] expected) {
        for (int step = 0; step < expected.length; step++) {
            assertThat(actual[step]).hasSameSizeAs(expected[step]);
            for (int i = 0; i < expected[step].length; i++) {
                assertThat(actual[step][i]).as("step %d score %d", step, i)
                        .isCloseTo(expected[step][i], within(1e-4f * Math.max(1f, Math.abs(expected[step][i]))));
            }
        }
    }

    /** PEFT starts B at zero (no change); a non-zero B makes the adapter matter. */
    private static LoraAdapter nonZero(LoraAdapter adapter) {
        adapter.weights().forEach((name, weight) -> {
            if (name.endsWith(LoraAdapter.B_SUFFIX)) {
                weight.addi(0.05f);
            }
        });
        return adapter;
    }
}
