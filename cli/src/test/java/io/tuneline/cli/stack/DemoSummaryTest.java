package io.tuneline.cli.stack;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DemoSummaryTest {

    private static final String PROMPTS = "s3://tuneline-prompts/support-demo-1/v2/r-2/";

    private static DemoReport report(DemoReport.Tokenizer tokenizer, String prompt) {
        Map<String, Integer> storedTimes = new LinkedHashMap<>();
        storedTimes.put("chat-1-c1", 1);
        storedTimes.put("chat-1-c2", 1);
        storedTimes.put("chat-1-c6", 0);
        return new DemoReport("support-demo-1", tokenizer,
                new DemoReport.Upload("up-1", 44, 41, 3, List.of(
                        new DemoReport.RejectedRow(21, "empty-field", "output is empty or only whitespace", "demo_bad_empty"),
                        new DemoReport.RejectedRow(32, "duplicate", "already stored under another id", null)),
                        "s3://tuneline-datasets/support-demo-1/uploads/up-1/report.json"),
                new DemoReport.DatasetVersion("v1", null, "upload", 41, Map.of("train", 31L, "validation", 2L, "test", 8L),
                        Map.of("train", 31L, "validation", 2L, "test", 8L)),
                new DemoReport.Stream(4, storedTimes, "chat-1-c2", "chat-1-c6"),
                new DemoReport.DatasetVersion("v2", "v1", "stream-count", 43, Map.of("test", 8L, "train", 33L, "validation", 2L),
                        Map.of("train", 2L)),
                List.of(new DemoReport.Render("v1", "r-1", Map.of("train", new DemoReport.RenderedSplit(31, 1, 0, "x")), 1,
                                512, "s3://tuneline-prompts/support-demo-1/v1/r-1/manifest.json"),
                        new DemoReport.Render("v2", "r-2", Map.of(
                                "test", new DemoReport.RenderedSplit(8, 0, 0, PROMPTS + "test.jsonl"),
                                "train", new DemoReport.RenderedSplit(33, 1, 0, PROMPTS + "train.jsonl"),
                                "validation", new DemoReport.RenderedSplit(2, 0, 0, PROMPTS + "validation.jsonl")),
                                1, 512, PROMPTS + "manifest.json")),
                new DemoReport.PromptExample(PROMPTS + "train.jsonl", "demo_001", "dsum-briefly", prompt, "#Person1# asks."),
                new DemoReport.DeadLetters(Map.of("duplicate", 1L, "empty-field", 2L)));
    }

    private static final DemoReport.Tokenizer DEMO_TOKENIZER =
            new DemoReport.Tokenizer(Path.of("/repo/.tuneline/demo/tokenizer.json"), ".tuneline/demo/tokenizer.json", true);

    @Test
    void tellsWhatWentInWhatCameOutAndWhereItIs() {
        List<String> lines = DemoSummary.render(report(DEMO_TOKENIZER, "Summarize this.\n#Person1#: Hi")).lines().toList();

        assertThat(lines).contains(
                "Dataset support-demo-1",
                "  upload     44 DialogSum rows: 41 accepted, 3 rejected",
                "               row 21 empty-field: output is empty or only whitespace (demo_bad_empty)",
                "               row 32 duplicate: already stored under another id",
                "  -> v1 (upload): 41 examples, train 31, validation 2, test 8; added train 31, validation 2, test 8",
                "  stream     4 records on tuneline.support-chats, 3 chats: 2 stored once",
                "               chat-1-c2 was delivered twice, stored once",
                "  -> v2 (stream-count, parent v1): 43 examples, train 33, validation 2, test 8; added train 2, validation 0, test 0",
                "  v1  r-1  train 31; 1 truncated to fit 512 tokens",
                "  v2  r-2  train 33, validation 2, test 8; 1 truncated to fit 512 tokens",
                "  train      " + PROMPTS + "train.jsonl",
                "  validation " + PROMPTS + "validation.jsonl",
                "  manifest   " + PROMPTS + "manifest.json",
                "Example (demo_001, template dsum-briefly)",
                "  prompt     Summarize this.",
                "             #Person1#: Hi",
                "  completion #Person1# asks.",
                "Dead letters: 3 on tuneline.dead-letter (duplicate 1, empty-field 2)");
    }

    @Test
    void saysWhenTokensAreCountedWithTheDemoTokenizerRatherThanFlanT5s() {
        String demo = DemoSummary.render(report(DEMO_TOKENIZER, "p"));
        String real = DemoSummary.render(report(new DemoReport.Tokenizer(Path.of("/models/flan-t5-base/tokenizer.json"),
                "/models/flan-t5-base/tokenizer.json", false), "p"));

        assertThat(demo).contains("tokens counted with .tuneline/demo/tokenizer.json").contains("not FLAN-T5's");
        assertThat(real).contains("tokens counted with /models/flan-t5-base/tokenizer.json").doesNotContain("demo tokenizer");
    }

    @Test
    void showsOnlyTheStartOfALongPrompt() {
        String longLine = "x".repeat(150);
        String prompt = String.join("\n", Collections.nCopies(12, longLine));

        List<String> lines = DemoSummary.render(report(DEMO_TOKENIZER, prompt)).lines().toList();

        assertThat(lines).contains("  prompt     " + "x".repeat(97) + "...", "             ... (4 more lines)");
        assertThat(lines).noneMatch(line -> line.length() > 120);
    }
}
