package io.tuneline.model.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tuneline.model.testing.Fixtures;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** Token ids and decoded text must equal what Hugging Face produces (tokenizer_golden.json). */
class T5TokenizerTest {

    @Test
    void idsAndDecodedTextMatchHuggingFace() throws IOException {
        JsonNode golden = new ObjectMapper().readTree(Fixtures.t5("tokenizer_golden.json").toFile());
        List<String> texts = new ArrayList<>();
        List<long[]> expectedIds = new ArrayList<>();
        try (T5Tokenizer tokenizer = T5Tokenizer.load(Fixtures.t5("tokenizer.json"))) {
            for (JsonNode testCase : golden.get("cases")) {
                String text = testCase.get("text").asText();
                long[] ids = StreamSupport.stream(testCase.get("ids").spliterator(), false)
                        .mapToLong(JsonNode::asLong).toArray();
                assertThat(tokenizer.encode(text)).as(text).containsExactly(ids);
                assertThat(tokenizer.decode(ids, true)).as(text).isEqualTo(testCase.get("decoded").asText());
                texts.add(text);
                expectedIds.add(ids);
            }
            assertThat(tokenizer.encode(texts)).isDeepEqualTo(expectedIds.toArray(long[][]::new));
        }
    }

    @Test
    void longTextsAreNotTruncated() {
        try (T5Tokenizer tokenizer = T5Tokenizer.load(Fixtures.t5("tokenizer.json"))) {
            long[] ids = tokenizer.encode("word ".repeat(2000));
            assertThat(ids.length).isGreaterThan(2000);
            assertThat(ids[ids.length - 1]).isEqualTo(1L);
        }
    }
}
