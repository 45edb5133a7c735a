package io.tuneline.cli.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tuneline.contracts.events.EventCodec;
import io.tuneline.contracts.events.SupportChatReceived;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusCommandTest {

    @TempDir
    Path dir;

    @Test
    void writesSupportChatsInDialogSumFormatTheSameForTheSameSeed() throws Exception {
        Path first = dir.resolve("a.jsonl");
        Path second = dir.resolve("b.jsonl");

        assertThat(Fixtures.model("corpus", "--kind", "support", "--n", "25", "--seed", "4", "--out",
                first.toString()).exitCode()).isZero();
        assertThat(Fixtures.model("corpus", "--kind", "support", "--n", "25", "--seed", "4", "--out",
                second.toString()).exitCode()).isZero();

        List<String> lines = Files.readAllLines(first);
        assertThat(lines).hasSize(25).isEqualTo(Files.readAllLines(second));
        JsonNode chat = EventCodec.mapper().readTree(lines.get(0));
        assertThat(chat.path("fname").asText()).isEqualTo("chat-00001");
        assertThat(chat.path("dialogue").asText()).startsWith("#Person1#: ");
        assertThat(chat.path("summary").asText()).startsWith("The customer");
        assertThat(chat.path("topic").asText()).isNotBlank();
        assertThat(chat.path("customerId").asText()).startsWith("cust-");
    }

    @Test
    void writesChatsAsSupportChatReceivedPayloads() throws Exception {
        Path out = dir.resolve("events.jsonl");

        assertThat(Fixtures.model("corpus", "--kind", "events", "--n", "3", "--id-prefix", "demo", "--out",
                out.toString()).exitCode()).isZero();

        SupportChatReceived chat = EventCodec.mapper().readValue(Files.readAllLines(out).get(2),
                SupportChatReceived.class);
        assertThat(chat.chatId()).isEqualTo("demo-00003");
        assertThat(chat.summary()).startsWith("The customer");
        assertThat(chat.attributes()).containsKey("customerId");
    }

    @Test
    void writesHeldOutExamplesOfEveryTaskWithTheirMetric() throws Exception {
        Path out = dir.resolve("heldout.jsonl");

        assertThat(Fixtures.model("corpus", "--kind", "heldout", "--n", "2", "--out", out.toString()).exitCode())
                .isZero();

        List<JsonNode> lines = Files.readAllLines(out).stream().map(line -> {
            try {
                return EventCodec.mapper().readTree(line);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        assertThat(lines).hasSize(14);
        assertThat(lines).allSatisfy(line -> {
            assertThat(line.path("prompt").asText()).isNotBlank();
            assertThat(line.path("completion").asText()).isNotBlank();
            assertThat(line.path("metric").asText()).isIn("exact-match", "rouge");
        });
        assertThat(lines.stream().map(line -> line.path("task").asText()).distinct()).hasSize(7);
    }

    @Test
    void writesValidationExamplesOfEveryTaskFromTheirOwnPartOfThePromptSpace() throws Exception {
        Path out = dir.resolve("validation.jsonl");

        assertThat(Fixtures.model("corpus", "--kind", "validation", "--n", "3", "--seed", "10", "--out",
                out.toString()).exitCode()).isZero();

        List<String> prompts = Files.readAllLines(out).stream().map(line -> {
            try {
                return EventCodec.mapper().readTree(line).path("prompt").asText();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        assertThat(prompts).hasSize(21).allMatch(prompt -> io.tuneline.corpus.general.GeneralTasks.partOf(prompt)
                == io.tuneline.corpus.general.GeneralTasks.Part.VALIDATION);
    }
}
