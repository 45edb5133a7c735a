package io.tuneline.evaluation.generation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tuneline.evaluation.PromptFile;
import io.tuneline.evaluation.TestExample;
import io.tuneline.model.generate.GenerationConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Batched, length-sorted generation with the fixture checkpoint gives transformers' texts, in prompt order. */
class T5TextGeneratorTest {

    static final Path TINY = Path.of("../model-core/src/test/resources/t5/flan-t5-tiny-untied");
    static final Path TEST_SET = Path.of("src/test/resources/eval/test.jsonl");

    @Test
    void greedyBatchesOfTwoMatchTransformersTexts() throws Exception {
        JsonNode golden = new ObjectMapper().readTree(TINY.resolve("generate_long.json").toFile())
                .at("/settings/greedy64/text");
        List<String> prompts = PromptFile.read(TEST_SET).stream().map(TestExample::prompt).toList();
        List<Integer> progress = new ArrayList<>();

        try (TextGenerator generator = T5TextGenerator.load(TINY, GenerationConfig.greedy(64), 2)) {
            List<String> outputs = generator.generate(prompts, progress::add);

            assertThat(outputs).containsExactly(golden.get(0).asText(), golden.get(1).asText(),
                    golden.get(2).asText());
            assertThat(generator.countTokens("Summary: ")).isGreaterThan(1);
        }
        assertThat(progress).containsExactly(2, 3);
    }
}
