package io.tuneline.model.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tuneline.model.generate.GenerationConfig;
import io.tuneline.model.generate.Generator;
import io.tuneline.model.generate.Seq2SeqModel;
import io.tuneline.model.generate.T5Seq2SeqModel;
import io.tuneline.model.io.T5Checkpoint;
import io.tuneline.model.nn.T5ForConditionalGeneration;
import io.tuneline.model.testing.Fixtures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * On the tiny FLAN-T5 fixture: requests that join a running batch mid-generation (their caches merged, shorter
 * encoder outputs padded, earlier decoder positions masked) and leave it produce the same tokens as each request
 * generated alone, for greedy search and seeded sampling.
 */
class T5ContinuousBatchingTest {

    @Test
    void batchedOutputsEqualOutputsAlone() {
        try (T5ForConditionalGeneration t5 = T5Checkpoint.load(Fixtures.t5(Fixtures.FLAN_UNTIED))) {
            T5Seq2SeqModel model = new T5Seq2SeqModel(t5);
            int vocab = model.vocabSize();
            SplittableRandom random = new SplittableRandom(11);
            List<long[]> prompts = new ArrayList<>();
            List<GenerationConfig> configs = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                long[] prompt = random.longs(3 + random.nextInt(25), 3, vocab).toArray();
                prompt[prompt.length - 1] = 1; // </s>, as the tokenizer ends a prompt
                prompts.add(prompt);
                GenerationConfig.Builder builder = GenerationConfig.builder().maxNewTokens(4 + random.nextInt(20));
                if (i % 2 == 1) {
                    builder.doSample(true).seed(100 + i).topP(0.9).temperature(0.8);
                }
                configs.add(builder.build());
            }
            List<CollectingSink> sinks = new ArrayList<>();
            try (ContinuousBatcher batcher = new ContinuousBatcher("t5-test", model, model.specialTokens(),
                    new BatchingConfig(3, Duration.ZERO, 100, 1))) {
                for (int i = 0; i < prompts.size(); i++) {
                    CollectingSink sink = new CollectingSink();
                    batcher.submit(prompts.get(i), configs.get(i), Long.MAX_VALUE, sink);
                    sinks.add(sink);
                }
                sinks.forEach(CollectingSink::await);
            }
            Generator alone = new Generator(model, model.specialTokens());
            for (int i = 0; i < prompts.size(); i++) {
                long[] expected = alone.generate(new long[][] {prompts.get(i)}, configs.get(i))[0];
                assertThat(sinks.get(i).await().tokens()).as("request %d (%s)", i, configs.get(i))
                        .containsExactly(Arrays.copyOfRange(expected, 1, expected.length));
            }
        }
    }

    /**
     * Sessions merged before their first step and newcomers that arrive later (more rows than the buffers were made
     * for, after rows left): every row's next-token scores equal those of its prompt decoded alone.
     */
    @Test
    void sessionsMergedBeforeAndAfterTheFirstStepScoreEachRowAsAlone() {
        try (T5ForConditionalGeneration t5 = T5Checkpoint.load(Fixtures.t5(Fixtures.FLAN_UNTIED))) {
            T5Seq2SeqModel model = new T5Seq2SeqModel(t5);
            int vocab = model.vocabSize();
            SplittableRandom random = new SplittableRandom(5);
            long[][] prompts = new long[6][];
            for (int i = 0; i < prompts.length; i++) {
                prompts[i] = random.longs(2 + random.nextInt(20), 3, vocab).toArray();
            }
            long start = model.specialTokens().decoderStartTokenId();
            // Each prompt alone, fed the same tokens: 7, 8, 9, ... after the start token.
            float[][][] alone = new float[prompts.length][][];
            for (int i = 0; i < prompts.length; i++) {
                try (Seq2SeqModel.DecodingSession session = model.startDecoding(new long[][] {prompts[i]}, 1)) {
                    alone[i] = new float[6][];
                    for (int step = 0; step < 6; step++) {
                        alone[i][step] = session.next(new long[] {step == 0 ? start : 6 + step}, false);
                    }
                }
            }
            try (Seq2SeqModel.DecodingSession batch = model.startDecoding(new long[][] {prompts[0], prompts[1]}, 1)) {
                batch.absorb(model.startDecoding(new long[][] {prompts[2]}, 1)); // before either decoded
                List<Integer> rowPrompt = new ArrayList<>(List.of(0, 1, 2));
                List<Integer> rowStep = new ArrayList<>(List.of(0, 0, 0));
                for (int round = 0; round < 5; round++) {
                    if (round == 2) { // row 0 leaves: the last row moves into its slot
                        batch.reorder(new int[] {2, 1});
                        rowPrompt = new ArrayList<>(List.of(rowPrompt.get(2), rowPrompt.get(1)));
                        rowStep = new ArrayList<>(List.of(rowStep.get(2), rowStep.get(1)));
                    }
                    if (round == 2 || round == 3) { // newcomers beyond the rows the buffers were made for
                        int first = round == 2 ? 3 : 5;
                        long[][] joining = round == 2 ? new long[][] {prompts[3], prompts[4]}
                                : new long[][] {prompts[5]};
                        batch.absorb(model.startDecoding(joining, 1));
                        for (int j = 0; j < joining.length; j++) {
                            rowPrompt.add(first + j);
                            rowStep.add(0);
                        }
                    }
                    long[] tokens = new long[rowPrompt.size()];
                    for (int row = 0; row < tokens.length; row++) {
                        tokens[row] = rowStep.get(row) == 0 ? start : 6 + rowStep.get(row);
                    }
                    float[] scores = batch.next(tokens, false);
                    for (int row = 0; row < tokens.length; row++) {
                        float[] expected = alone[rowPrompt.get(row)][rowStep.get(row)];
                        float[] actual = Arrays.copyOfRange(scores, row * vocab, (row + 1) * vocab);
                        for (int token = 0; token < vocab; token++) {
                            assertThat(actual[token]).as("round %d row %d (prompt %d) token %d", round, row,
                                    rowPrompt.get(row), token).isCloseTo(expected[token], within(1e-4f));
                        }
                        rowStep.set(row, rowStep.get(row) + 1);
                    }
                }
            }
        }
    }
}
