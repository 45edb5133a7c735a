package io.tuneline.template.service;

import io.tuneline.contracts.storage.PromptLine;
import io.tuneline.template.engine.LengthLimiter;
import io.tuneline.template.engine.TemplateEngine;
import io.tuneline.template.library.MixtureSource;
import io.tuneline.template.library.Origin;
import io.tuneline.template.library.PromptTemplate;
import io.tuneline.template.library.ShippedLibrary;
import io.tuneline.template.library.TaskDefinition;
import io.tuneline.template.testing.TestData;
import io.tuneline.template.testing.WordTokenizer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** One example line to one prompt line, with a word-counting tokenizer instead of the model's. */
class ExampleRendererTest {

    private static final TaskDefinition TASK = new ShippedLibrary().task("dialogue_summarization").orElseThrow();
    private static final PromptTemplate SUMMARIZE = template("summarize", "Summarize: {{ dialogue }}");
    private static final PromptTemplate RECAP = template("recap", "Recap: {{ dialogue }}");
    private static final RenderComponent COMPONENT = new RenderComponent(TASK, List.of(RECAP, SUMMARIZE), 1.0, true,
            new MixtureSource(MixtureSource.DATASET, "chats", "v1"), Map.of(), null);

    private final StringWriter out = new StringWriter();
    private final SplitTally tally = new SplitTally();

    private static PromptTemplate template(String id, String prompt) {
        return new PromptTemplate(id, TASK.name(), id, prompt + "\n|||\n{{ summary }}", null, null, null,
                Origin.CUSTOM);
    }

    private static ExampleRenderer renderer(int maxInputTokens, long seed) {
        return new ExampleRenderer(TestData.SERVICE_JSON, new LengthLimiter(new TemplateEngine(), new WordTokenizer(),
                maxInputTokens), seed);
    }

    private void render(ExampleRenderer renderer, String line, long lineNumber) throws IOException {
        renderer.render(COMPONENT, "train", new ComponentCursor.Selected(line, lineNumber, 0), out, tally);
    }

    @Test
    void writesOnePromptLineWithTheTaskTheChosenTemplateAndTheExampleId() throws IOException {
        render(renderer(512, 42), "{\"id\": \"c-1\", \"input\": \"A: hi B: hello\", \"output\": \"They greet.\"}", 1);

        PromptLine line = TestData.SERVICE_JSON.readValue(out.toString(), PromptLine.class);
        assertThat(out.toString()).endsWith("\n");
        // The wire shape of contracts' PromptLine: these five fields in this order, no empty "references".
        assertThat(TestData.SERVICE_JSON.readTree(out.toString()).fieldNames()).toIterable()
                .containsExactly("prompt", "completion", "task", "templateId", "exampleId");
        assertThat(line.prompt()).endsWith(": A: hi B: hello");
        assertThat(line.completion()).isEqualTo("They greet.");
        assertThat(line.task()).isEqualTo("dialogue_summarization");
        assertThat(line.templateId()).isIn("summarize", "recap");
        assertThat(line.prompt()).startsWith(line.templateId().equals("recap") ? "Recap" : "Summarize");
        assertThat(line.exampleId()).isEqualTo("c-1");
        SplitSummary summary = tally.summary(null);
        assertThat(summary.examples()).isEqualTo(1);
        assertThat(summary.byTemplate()).isEqualTo(Map.of(line.templateId(), 1L));
    }

    @Test
    void aLineWithoutIdIsNamedByItsSplitAndLineNumber() throws IOException {
        render(renderer(512, 42), "{\"input\": \"A: hi\", \"output\": \"A greets.\"}", 17);

        assertThat(TestData.SERVICE_JSON.readValue(out.toString(), PromptLine.class).exampleId())
                .isEqualTo("train-line-17");
    }

    @Test
    void theSamePhrasingForTheSameSeedAndIdAndTheSeedDecidesIt() throws IOException {
        for (long seed = 0; seed < 20; seed++) {
            render(renderer(512, seed), "{\"id\": \"c-1\", \"input\": \"A: hi\", \"output\": \"A greets.\"}", 1);
            render(renderer(512, seed), "{\"id\": \"c-1\", \"input\": \"A: hi\", \"output\": \"A greets.\"}", 1);
        }
        List<String> templates = out.toString().lines()
                .map(line -> readLine(line).templateId()).toList();

        for (int i = 0; i < templates.size(); i += 2) {
            assertThat(templates.get(i)).isEqualTo(templates.get(i + 1));
        }
        assertThat(templates).contains("summarize", "recap");
    }

    @Test
    void unreadableLinesAndLinesWithoutARequiredFieldAreCountedAndLeftOut() throws IOException {
        ExampleRenderer renderer = renderer(512, 42);
        render(renderer, "{not json", 1);
        render(renderer, "[1, 2]", 2);
        render(renderer, "{\"id\": \"c-3\", \"input\": \"A: hi\"}", 3);
        render(renderer, "{\"id\": \"c-4\", \"output\": \"x\"}", 4);

        assertThat(out.toString()).isEmpty();
        SplitSummary summary = tally.summary(null);
        assertThat(summary.examples()).isZero();
        assertThat(summary.skipped()).isEqualTo(Map.of(ExampleRenderer.INVALID_JSON, 2L,
                ExampleRenderer.MISSING_FIELD, 2L));
    }

    @Test
    void aTooLongDialogueIsCutToTheLimitAndCountedAsTruncated() throws IOException {
        String dialogue = "word ".repeat(50).strip();
        render(renderer(12, 42), "{\"id\": \"c-1\", \"input\": \"" + dialogue + "\", \"output\": \"Long.\"}", 1);

        PromptLine line = readLine(out.toString().strip());
        assertThat(new WordTokenizer().countPromptTokens(line.prompt())).isLessThanOrEqualTo(12);
        assertThat(line.prompt()).contains("word");
        SplitSummary summary = tally.summary(null);
        assertThat(summary.truncated()).isEqualTo(1);
        assertThat(summary.truncatedByTask()).isEqualTo(Map.of("dialogue_summarization", 1L));
    }

    private static PromptLine readLine(String json) {
        try {
            return TestData.SERVICE_JSON.readValue(json, PromptLine.class);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
