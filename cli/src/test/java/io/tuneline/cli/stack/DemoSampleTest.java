package io.tuneline.cli.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tuneline.contracts.storage.StorageLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class DemoSampleTest {

    private static final Pattern TURN = Pattern.compile("#Person[12]#: \\S.*");
    private final ObjectMapper json = new ObjectMapper();

    private List<JsonNode> uploadRows() throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : new String(DemoSample.uploadBody(), StandardCharsets.UTF_8).split("\n")) {
            rows.add(json.readTree(line));
        }
        return rows;
    }

    /** The same normalization dataset-service dedupes by: NFKC, whitespace runs collapsed, trimmed, lower-cased. */
    private static String normalized(JsonNode row) {
        return normalized(row.path("dialogue").asText()) + "\u0000" + normalized(row.path("summary").asText());
    }

    private static String normalized(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFKC).replaceAll("\\s+", " ").trim().toLowerCase(Locale.ROOT);
    }

    @Test
    void theUploadIsDialogSumJsonLinesWithTurnsOfTwoSpeakers() throws IOException {
        List<JsonNode> rows = uploadRows();

        assertThat(rows).hasSizeBetween(40, 50);
        Set<String> fnames = new HashSet<>();
        for (JsonNode row : rows) {
            assertThat(row.isObject()).isTrue();
            assertThat(row.properties()).extracting(Map.Entry::getKey)
                    .containsExactly("fname", "dialogue", "summary", "topic");
            row.properties().forEach(field -> assertThat(field.getValue().isTextual()).as(field.getKey()).isTrue());
            assertThat(fnames.add(row.path("fname").asText())).as("fname %s is unique", row.path("fname")).isTrue();
            assertThat(row.path("dialogue").asText().split("\n")).allMatch(turn -> TURN.matcher(turn).matches());
            assertThat(row.path("topic").asText()).isNotBlank();
        }
    }

    @Test
    void exactlyThreeRowsAreBadOnPurpose() throws IOException {
        List<JsonNode> rows = uploadRows();
        List<String> emptySummaries = new ArrayList<>();
        List<String> exactCopies = new ArrayList<>();
        List<String> normalizedCopies = new ArrayList<>();
        Set<String> exactTexts = new HashSet<>();
        Map<String, String> firstByNormalized = new HashMap<>();
        for (JsonNode row : rows) {
            String fname = row.path("fname").asText();
            if (row.path("summary").asText().isBlank()) {
                emptySummaries.add(fname);
                continue;
            }
            String exact = row.path("dialogue").asText() + "\u0000" + row.path("summary").asText();
            if (!exactTexts.add(exact)) {
                exactCopies.add(fname);
            } else if (firstByNormalized.putIfAbsent(normalized(row), fname) != null) {
                normalizedCopies.add(fname);
            }
        }

        assertThat(emptySummaries).containsExactly("demo_bad_empty");
        assertThat(exactCopies).containsExactly("demo_bad_copy");
        assertThat(normalizedCopies).containsExactly("demo_bad_recased");
        assertThat(rows.size() - 3).as("good rows").isGreaterThanOrEqualTo(40);
    }

    @Test
    void theStreamHasUniqueChatsOfWhichOneLacksASummary() {
        List<DemoSample.StreamChat> chats = DemoSample.streamChats();

        assertThat(chats).extracting(DemoSample.StreamChat::chat).doesNotHaveDuplicates();
        assertThat(chats).filteredOn(chat -> chat.summary().isBlank()).hasSize(1);
        assertThat(chats).allSatisfy(chat -> {
            assertThat(chat.dialogue().split("\n")).allMatch(turn -> TURN.matcher(turn).matches());
            assertThat(chat.customer()).isNotBlank();
        });
    }

    @Test
    void aRunCutsTheStreamRightAfterItsValidChatsUnderNamesOfItsOwn() {
        DemoRun run = DemoRun.startingNow(Clock.fixed(Instant.parse("2026-11-27T01:02:03Z"), ZoneOffset.UTC));

        assertThat(run.datasetId()).isEqualTo("support-demo-20261127-010203");
        assertThat(StorageLayout.id(run.datasetId())).isEqualTo(run.datasetId());
        assertThat(run.streamCutEvery()).isEqualTo(5);
        assertThat(run.chatId(DemoSample.streamChats().get(0))).isEqualTo("chat-20261127-010203-c1");
        assertThat(run.datasetServiceEnvironment()).containsOnly(
                Map.entry("TUNELINE_DATASET_STREAM_DATASET_ID", "support-demo-20261127-010203"),
                Map.entry("TUNELINE_DATASET_STREAM_CUT_EVERY", "5"));
    }

    /** The shipped demo tokenizer is the one template-service's own tests count with. */
    @Test
    void theDemoTokenizerIsTemplateServicesTestTokenizer(@TempDir Path directory) throws IOException {
        Path written = DemoSample.writeTokenizer(directory.resolve("demo"));

        assertThat(Files.readAllBytes(written)).isEqualTo(Files.readAllBytes(StackLayout.findRepoRootOfLauncher()
                .resolve("template-service/src/test/resources/tokenizer.json")));
    }
}
