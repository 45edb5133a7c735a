package io.tuneline.template.service;

import io.tuneline.template.engine.TemplateEngine;
import io.tuneline.template.library.GeneralSets;
import io.tuneline.template.library.PromptTemplate;
import io.tuneline.template.library.ShippedLibrary;
import io.tuneline.common.testing.SharedObjectStore;
import io.tuneline.template.testing.TestData;
import io.tuneline.template.testing.TestTemplateConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.tuneline.template.testing.ApiErrors.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

/** One template on one row, with the module's test tokenizer and an in-memory library. */
class PreviewServiceTest {

    private static final String TASK = "dialogue_summarization";

    private final InMemoryLibraryStore store = new InMemoryLibraryStore();
    private final ShippedLibrary shipped = new ShippedLibrary();
    private final TaskRegistry tasks = new TaskRegistry(shipped, store, new GeneralSets(), TestData.SERVICE_JSON);
    private final TemplateEngine engine = new TemplateEngine();
    private final TestTemplateConfig config = new TestTemplateConfig();
    private final PreviewService previews = new PreviewService(new TemplateRegistry(shipped, store, tasks, engine),
            tasks, engine, new TokenizerProvider(config, null, SharedObjectStore.DEFAULT_LAYOUT), config, TestData.SERVICE_JSON);


    @Test
    void aStoredTemplateOnTheTasksSampleRendersAsARunWould() {
        PreviewService.Preview preview = previews.preview(new PreviewService.PreviewRequest(
                "dsum-summarize-following", null, null, null));

        Map<String, Object> sample = tasks.require(TASK).sample();
        assertThat(preview.prompt()).startsWith("Summarize the following conversation.")
                .contains((String) sample.get("input"));
        assertThat(preview.completion()).isEqualTo(sample.get("output"));
        assertThat(preview.exampleId()).isEqualTo(sample.get("id"));
        assertThat(preview.maxInputTokens()).isEqualTo(512);
        assertThat(preview.promptTokens()).isBetween(10, 512);
        assertThat(preview.truncated()).isFalse();
    }

    @Test
    void aLowLimitCutsTheDialogueButNotTheInstruction() {
        PreviewService.Preview full = previews.preview(new PreviewService.PreviewRequest(
                "dsum-summarize-following", null, null, null));
        PreviewService.Preview cut = previews.preview(new PreviewService.PreviewRequest(
                "dsum-summarize-following", null, null, full.promptTokens() - 10));

        assertThat(cut.truncated()).isTrue();
        assertThat(cut.promptTokens()).isLessThanOrEqualTo(full.promptTokens() - 10);
        assertThat(cut.prompt()).startsWith("Summarize the following conversation.");
        assertThat(cut.completion()).isEqualTo(full.completion());
    }

    @Test
    void anUnsavedTemplateRendersAGivenRow() {
        PromptTemplate inline = new PromptTemplate(null, TASK, null, "Recap: {{ dialogue }} ||| {{ summary }}", null,
                null, null, null);

        PreviewService.Preview preview = previews.preview(new PreviewService.PreviewRequest(null, inline,
                Map.of("id", "row-1", "input", "A: hi", "output", "A greets."), null));

        assertThat(preview.templateId()).isEqualTo("preview");
        assertThat(preview.prompt()).isEqualTo("Recap: A: hi");
        assertThat(preview.completion()).isEqualTo("A greets.");
        assertThat(preview.exampleId()).isEqualTo("row-1");
    }

    @Test
    void badRequestsAreRefusedWithTheirReason() {
        PromptTemplate broken = new PromptTemplate(null, TASK, null, "{{ customer }} ||| {{ summary }}", null, null,
                null, null);

        assertRejected(() -> previews.preview(new PreviewService.PreviewRequest(null, null, null, null)), 400,
                "invalid-preview");
        assertRejected(() -> previews.preview(new PreviewService.PreviewRequest("dsum-summarize-following", broken,
                null, null)), 400, "invalid-preview");
        assertRejected(() -> previews.preview(new PreviewService.PreviewRequest(null, broken, null, null)), 400,
                "unknown-field");
        assertRejected(() -> previews.preview(new PreviewService.PreviewRequest("dsum-summarize-following", null,
                Map.of("input", "A: hi"), null)), 400, "row-does-not-fit");
        assertRejected(() -> previews.preview(new PreviewService.PreviewRequest("dsum-summarize-following", null,
                null, 0)), 400, "invalid-max-input-tokens");
    }
}
