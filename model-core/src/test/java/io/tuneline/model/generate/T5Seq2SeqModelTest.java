package io.tuneline.model.generate;

import io.tuneline.model.io.T5Checkpoint;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.tuneline.model.io.SafeTensorsFile;
import io.tuneline.model.nn.T5ForConditionalGeneration;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class T5Seq2SeqModelTest {

    private static final Path FLAN = Path.of("src/test/resources/t5/flan-t5-tiny-untied");

    private static T5ForConditionalGeneration model;
    private static NDManager manager;
    private static long[][] prompts;
    private static NDArray inputIds;
    private static NDArray attentionMask;
    private static NDArray decoderInputIds;

    @BeforeAll
    static void load() {
        model = T5Checkpoint.load(FLAN);
        manager = NDManager.newBaseManager();
        SafeTensorsFile golden = SafeTensorsFile.open(FLAN.resolve("golden.safetensors"));
        inputIds = golden.read("input_ids", manager);
        attentionMask = golden.read("attention_mask", manager);
        decoderInputIds = golden.read("decoder_input_ids", manager);
        prompts = GenerationParityTest.prompts(inputIds, attentionMask);
    }

    @AfterAll
    static void close() {
        manager.close();
        model.close();
    }

    @Test
    void stepwiseDecodingWithTheCacheGivesTheTeacherForcedLogits() {
        T5Seq2SeqModel seq2seq = new T5Seq2SeqModel(model);
        NDArray hidden = model.encode(inputIds, attentionMask, false);
        float[] full = model.decode(decoderInputIds, hidden, attentionMask, null, false).toFloatArray();
        long[][] decoderRows = GenerationParityTest.rows(decoderInputIds);
        int rows = decoderRows.length;
        int length = decoderRows[0].length;
        int vocab = seq2seq.vocabSize();

        double worst = 0;
        double scale = 0;
        try (Seq2SeqModel.DecodingSession session = seq2seq.startDecoding(prompts, 1)) {
            for (int position = 0; position < length; position++) {
                long[] tokens = new long[rows];
                for (int row = 0; row < rows; row++) {
                    tokens[row] = decoderRows[row][position];
                }
                float[] step = session.next(tokens, false);
                for (int row = 0; row < rows; row++) {
                    for (int token = 0; token < vocab; token++) {
                        float expected = full[(row * length + position) * vocab + token];
                        worst = Math.max(worst, Math.abs(step[row * vocab + token] - expected));
                        scale = Math.max(scale, Math.abs(expected));
                    }
                }
            }
        }

        assertThat(worst / scale).isLessThan(1e-5);
    }

    @Test
    void topKOneSamplingEqualsGreedyOnTheRealModel() {
        T5Seq2SeqModel seq2seq = new T5Seq2SeqModel(model);
        Generator generator = new Generator(seq2seq, seq2seq.specialTokens());
        GenerationConfig topKOne = GenerationConfig.builder().maxNewTokens(40).doSample(true).topK(1).seed(9)
                .build();

        assertThat(generator.generate(prompts, topKOne))
                .isDeepEqualTo(generator.generate(prompts, GenerationConfig.greedy(40)));
    }

    @Test
    void aPromptGivesTheSameIdsAloneAsInAPaddedBatch() {
        T5Seq2SeqModel seq2seq = new T5Seq2SeqModel(model);
        Generator generator = new Generator(seq2seq, seq2seq.specialTokens());
        GenerationConfig beams = GenerationConfig.builder().maxNewTokens(64).numBeams(3).build();

        long[][] batched = generator.generate(prompts, beams);

        for (int row = 0; row < prompts.length; row++) {
            long[] alone = generator.generate(new long[][] {prompts[row]}, beams)[0];
            assertThat(java.util.Arrays.copyOf(batched[row], alone.length)).containsExactly(alone);
        }
    }
}
