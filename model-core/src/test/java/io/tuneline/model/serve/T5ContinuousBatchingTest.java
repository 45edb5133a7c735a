package io.tuneline.model.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.tuneline.model.generate.GenerationConfig;
import io.tuneline.model.generate.Generator;
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
}
