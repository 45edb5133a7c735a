package io.tuneline.model.generate;

import io.tuneline.model.io.T5Checkpoint;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tuneline.model.io.SafeTensorsFile;
import io.tuneline.model.nn.T5ForConditionalGeneration;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Generated ids must equal Hugging Face's (transformers 5.17) for every golden {@code generate.*} key of the
 * fixtures, decoded with the KV cache.
 */
class GenerationParityTest {

    private static final Path FIXTURES = Path.of("src/test/resources/t5");
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> goldenSettings() throws IOException {
        Stream.Builder<Arguments> cases = Stream.builder();
        for (String folder : new String[] {"flan-t5-tiny-untied", "t5-v1-tiny", "t5-tied-noscale-tiny"}) {
            JsonNode settings = JSON.readTree(FIXTURES.resolve(folder).resolve("golden.json").toFile())
                    .get("generate_settings");
            settings.fields().forEachRemaining(entry -> cases.add(Arguments.of(folder, "golden.safetensors",
                    entry.getKey(), GenerationConfig.fromHuggingFace(entry.getValue().asText()))));
        }
        JsonNode longSettings = JSON.readTree(FIXTURES.resolve("flan-t5-tiny-untied/generate_long.json").toFile())
                .get("settings");
        longSettings.fields().forEachRemaining(entry -> {
            Map<String, Object> kwargs = new LinkedHashMap<>();
            entry.getValue().get("kwargs").fields()
                    .forEachRemaining(kwarg -> kwargs.put(kwarg.getKey(), kwarg.getValue().asText()));
            cases.add(Arguments.of("flan-t5-tiny-untied", "generate_long.safetensors", entry.getKey(),
                    GenerationConfig.fromHuggingFace(kwargs)));
        });
        for (String folder : new String[] {"flan-t5-tiny-untied-bf16-sharded", "flan-t5-tiny-untied-fp16"}) {
            cases.add(Arguments.of(folder, "golden.safetensors", "greedy64", GenerationConfig.greedy(64)));
        }
        return cases.build();
    }

    @ParameterizedTest(name = "{0}/{1} generate.{2}")
    @MethodSource("goldenSettings")
    void generatedIdsEqualHuggingFace(String folder, String goldenFile, String key, GenerationConfig config) {
        Path dir = FIXTURES.resolve(folder);
        try (T5ForConditionalGeneration model = T5Checkpoint.load(dir);
             NDManager manager = NDManager.newBaseManager()) {
            // generate_long.safetensors holds only outputs: its prompts are golden.safetensors' batch.
            SafeTensorsFile batch = SafeTensorsFile.open(dir.resolve("golden.safetensors"));
            long[][] prompts = prompts(batch.read("input_ids", manager), batch.read("attention_mask", manager));
            long[][] expected = rows(SafeTensorsFile.open(dir.resolve(goldenFile)).read("generate." + key, manager));
            T5Seq2SeqModel seq2seq = new T5Seq2SeqModel(model);

            long[][] generated = new Generator(seq2seq, seq2seq.specialTokens()).generate(prompts, config);

            assertThat(generated).isDeepEqualTo(expected);
        }
    }

    /** The unpadded prompt of each row of a right-padded batch. */
    static long[][] prompts(NDArray inputIds, NDArray attentionMask) {
        long[][] ids = rows(inputIds);
        long[][] mask = rows(attentionMask);
        long[][] prompts = new long[ids.length][];
        for (int row = 0; row < ids.length; row++) {
            int length = (int) Arrays.stream(mask[row]).sum();
            prompts[row] = Arrays.copyOf(ids[row], length);
        }
        return prompts;
    }

    static long[][] rows(NDArray matrix) {
        long[] flat = matrix.toType(ai.djl.ndarray.types.DataType.INT64, false).toLongArray();
        int width = (int) matrix.getShape().get(1);
        long[][] rows = new long[flat.length / width][];
        for (int row = 0; row < rows.length; row++) {
            rows[row] = Arrays.copyOfRange(flat, row * width, (row + 1) * width);
        }
        return rows;
    }
}
