package io.tuneline.corpus.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tuneline.corpus.general.GeneralTasks;
import io.tuneline.corpus.prompt.PromptExample;
import io.tuneline.model.tokenizer.T5Tokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class T5TokenizerJsonTest {

    @TempDir
    static Path dir;

    static Path file;
    static List<UnigramTrainer.Piece> pieces;
    static T5Tokenizer tokenizer;

    @BeforeAll
    static void train() {
        List<String> texts = new ArrayList<>();
        for (PromptExample example : GeneralTasks.mixture(600, 1, GeneralTasks.Part.TRAIN)) {
            texts.add(example.prompt());
            texts.add(example.completion());
        }
        pieces = UnigramTrainer.train(texts, 800);
        file = dir.resolve("tokenizer.json");
        T5TokenizerJson.write(file, pieces);
        tokenizer = T5Tokenizer.load(file);
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    @Test
    void specialIdsAreT5sAndEndOfSequenceIsAppended() throws IOException {
        JsonNode vocab = new ObjectMapper().readTree(file.toFile()).path("model").path("vocab");
        assertThat(vocab.get(0).get(0).asText()).isEqualTo("<pad>");
        assertThat(vocab.get(1).get(0).asText()).isEqualTo("</s>");
        assertThat(vocab.get(2).get(0).asText()).isEqualTo("<unk>");
        assertThat(vocab.get(3).get(0).asText()).isEqualTo("<0x00>");
        assertThat(vocab.get(258).get(0).asText()).isEqualTo("<0xFF>");
        assertThat(vocab.size()).isEqualTo(3 + 256 + pieces.size()).isLessThanOrEqualTo(3 + 256 + 800);
        long[] ids = tokenizer.encode("Summarize the following conversation.");
        assertThat(ids[ids.length - 1]).isEqualTo(1);
        assertThat(Arrays.stream(ids).limit(ids.length - 1)).noneMatch(id -> id <= 2);
        assertThat(ids.length).as("known words are single pieces").isLessThanOrEqualTo(6);
    }

    @Test
    void hasTheShapeOfAT5TokenizerJson() throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode ours = json.readTree(file.toFile());
        JsonNode fixture;
        try (InputStream in = getClass().getResourceAsStream("/t5/fixture-tokenizer.json")) {
            fixture = json.readTree(in);
        }
        assertThat(ours.get("pre_tokenizer")).isEqualTo(fixture.get("pre_tokenizer"));
        assertThat(ours.get("post_processor")).isEqualTo(fixture.get("post_processor"));
        assertThat(ours.path("model").path("type")).isEqualTo(fixture.path("model").path("type"));
        assertThat(ours.path("model").path("unk_id")).isEqualTo(fixture.path("model").path("unk_id"));
        assertThat(ours.path("model").path("byte_fallback").asBoolean()).isTrue();
        for (int id = 0; id < 3; id++) {
            assertThat(ours.get("added_tokens").get(id)).isEqualTo(fixture.get("added_tokens").get(id));
        }
    }

    @Test
    void anyTextDecodesBackToItselfIncludingUnseenScriptsAndEmoji() {
        Random random = new Random(42);
        int[][] ranges = {{0x20, 0x7e}, {0x20, 0x7e}, {0xa0, 0x24f}, {0x400, 0x4ff}, {0x4e00, 0x9fff},
            {0x1f300, 0x1f6ff}, {0x3040, 0x30ff}, {0x600, 0x6ff}, {'\n', '\n'}, {'\t', '\t'}};
        for (int sample = 0; sample < 300; sample++) {
            StringBuilder text = new StringBuilder();
            int length = 1 + random.nextInt(40);
            while (text.codePointCount(0, text.length()) < length) {
                int[] range = ranges[random.nextInt(ranges.length)];
                int codePoint = range[0] + random.nextInt(range[1] - range[0] + 1);
                boolean leadingSpace = text.length() == 0 && codePoint == ' ';
                // The boundary mark itself decodes as a space, and Metaspace decoding drops one leading space:
                // both as in every T5 tokenizer.
                if (codePoint != 0x2581 && !leadingSpace) {
                    text.appendCodePoint(codePoint);
                }
            }
            String original = text.toString();
            assertThat(tokenizer.decode(tokenizer.encode(original), true)).as("round trip of %s", original)
                    .isEqualTo(original);
        }
        String unseen = "Zoë from Łódź paid 12,50 € for 🐈‍⬛ café — naïve 東京 test\n#Person1#: ok";
        long[] ids = tokenizer.encode(unseen);
        assertThat(Arrays.stream(ids)).noneMatch(id -> id == 2);
        assertThat(tokenizer.decode(ids, true)).isEqualTo(unseen);
    }

    @Test
    void preTokenizeSplitsLikeMetaspace() {
        assertThat(UnigramTrainer.preTokenize("Hi  there")).containsExactly("\u2581Hi", "\u2581", "\u2581there");
        assertThat(UnigramTrainer.units("\u2581order:48213.")).containsExactly("\u2581order", ":", "4", "8", "2",
                "1", "3", ".");
    }
}
