package io.tuneline.template.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.template.engine.LengthLimiter;
import io.tuneline.template.library.MixtureSource;
import io.tuneline.template.testing.WordTokenizer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Whole split files into one rendered split, over the shared real S3 and a word-counting tokenizer. */
class SplitRendererTest {

    private final RenderFixture fixture = new RenderFixture();

    private ExampleRenderer examples() {
        return new ExampleRenderer(fixture.mapper, new LengthLimiter(fixture.engine, new WordTokenizer(), 512), 42);
    }

    private RenderComponent component(String task, double weight, boolean anchor, Map<String, LineSource> splits) {
        return new RenderComponent(fixture.tasks.require(task), fixture.templates.forRender(task, null), weight,
                anchor, new MixtureSource(MixtureSource.DATASET, fixture.datasetId, "v1"), splits, null);
    }

    private ObjectRef output(String renderId, String split) {
        return fixture.renders.splitFile(fixture.datasetId, "v1", renderId, split);
    }

    @Test
    void aPlainRenderTakesEveryExampleOnceInFileOrder() {
        String text = RenderFixture.jsonLines(RenderFixture.chats("c", 3)).replaceFirst("\n", "\n\n");
        RenderComponent chats = component("dialogue_summarization", 1.0, true,
                Map.of("train", RenderFixture.inMemory(text)));

        SplitSummary summary = fixture.splitRenderer.render(output("r-plain", "train"), "train", List.of(chats),
                null, examples());

        assertThat(summary.file()).isEqualTo(output("r-plain", "train"));
        assertThat(summary.examples()).isEqualTo(3);
        assertThat(fixture.read(summary.file())).extracting(line -> line.get("exampleId").asText())
                .containsExactly("c-0", "c-1", "c-2");
    }

    @Test
    void aSplitThatNoComponentHoldsIsNotWritten() {
        RenderComponent chats = component("dialogue_summarization", 1.0, true,
                Map.of("train", RenderFixture.inMemory(RenderFixture.jsonLines(RenderFixture.chats("c", 2)))));

        assertThat(fixture.splitRenderer.render(output("r-none", "validation"), "validation", List.of(chats), null,
                examples())).isNull();
        assertThat(fixture.store.exists(fixture.layout.prompts(), output("r-none", "validation").key())).isFalse();
    }

    @Test
    void aMixtureFillsTheTrainSplitToItsTotalWithBothTasksTheSameWayEachTime() {
        LineSource chats = RenderFixture.inMemory(RenderFixture.jsonLines(RenderFixture.chats("c", 4)));
        LineSource replay = RenderFixture.inMemory(RenderFixture.jsonLines(RenderFixture.chats("r", 6)));
        List<RenderComponent> mixture = List.of(
                component("dialogue_summarization", 1.0, true, Map.of("train", chats)),
                component("dialogue_topic", 1.0, false, Map.of("train", replay)));

        SplitSummary first = fixture.splitRenderer.render(output("r-mix", "train"), "train", mixture, 12L,
                examples());
        SplitSummary second = fixture.splitRenderer.render(output("r-mix-again", "train"), "train", mixture, 12L,
                examples());

        assertThat(first.examples()).isEqualTo(12);
        assertThat(first.byTask().keySet()).containsExactly("dialogue_summarization", "dialogue_topic");
        List<JsonNode> lines = fixture.read(first.file());
        assertThat(lines).hasSize(12);
        assertThat(lines).extracting(line -> line.get("task").asText()).contains("dialogue_topic");
        assertThat(fixture.text(second.file())).isEqualTo(fixture.text(first.file()));
    }
}
