package io.tuneline.template.service;

import io.tuneline.contracts.events.PromptsRendered;
import io.tuneline.template.library.MixtureSource;
import io.tuneline.template.testing.TestData;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Running a resolved render: over the shared real S3 server, with a recording publisher and meter registry. */
class RenderRunnerTest {

    private static final String TASK = "dialogue_summarization";

    private final RenderFixture fixture = new RenderFixture();

    private RenderComponent component(String versionId) {
        return new RenderComponent(fixture.tasks.require(TASK), fixture.templates.forRender(TASK, null), 1.0, true,
                new MixtureSource(MixtureSource.DATASET, fixture.datasetId, versionId),
                fixture.datasetVersions.splitFiles(fixture.datasetId, versionId, null), null);
    }

    private RenderManifest run(String versionId, long seed, int maxInputTokens) {
        return fixture.runner.run(new RenderTarget(fixture.datasetId, versionId, null, "test"),
                List.of(component(versionId)), null, seed, maxInputTokens);
    }

    @Test
    void aRenderIsStoredWithItsManifestAndAnnouncedWithItsCounts() {
        fixture.putSplit("v1", "test", RenderFixture.chats("t", 2));
        fixture.putSplit("v1", "train", RenderFixture.chats("c", 4));

        RenderManifest manifest = run("v1", 42, 512);

        assertThat(manifest.renderId()).matches("r-[0-9a-f]{16}");
        assertThat(manifest.splits().keySet()).containsExactly("train", "test");
        assertThat(manifest.examples()).isEqualTo(6);
        assertThat(manifest.trigger()).isEqualTo("test");
        assertThat(manifest.components()).extracting(RenderManifest.Component::task).containsExactly(TASK);
        assertThat(fixture.renders.manifest(fixture.datasetId, "v1", manifest.renderId())).isPresent();
        assertThat(fixture.read(manifest.splits().get("train").file())).hasSize(4);
        List<PromptsRendered> events = fixture.publisher.payloads(PromptsRendered.class);
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.renderId()).isEqualTo(manifest.renderId());
            assertThat(event.datasetId()).isEqualTo(fixture.datasetId);
            assertThat(event.counts()).isEqualTo(Map.of("train", 4L, "test", 2L));
            assertThat(event.splits().get("test")).isEqualTo(manifest.splits().get("test").file());
            assertThat(event.truncationWarning()).isNull();
        });
        assertThat(fixture.counter("tuneline.template.examples.rendered", "task", TASK)).isEqualTo(6);
    }

    @Test
    void theSameInputsGiveTheSameRenderIdAndAnotherSeedAnother() {
        fixture.putSplit("v1", "train", RenderFixture.chats("c", 2));

        String first = run("v1", 42, 512).renderId();

        assertThat(run("v1", 42, 512).renderId()).isEqualTo(first);
        assertThat(run("v1", 43, 512).renderId()).isNotEqualTo(first);
        assertThat(run("v1", 42, 256).renderId()).isNotEqualTo(first);
    }

    @Test
    void sourcesWithoutExamplesAreRefusedAndNothingIsStoredOrAnnounced() {
        fixture.putSplit("v1", "train", List.of());

        assertThatThrownBy(() -> run("v1", 42, 512)).isInstanceOfSatisfying(InvalidRenderException.class,
                e -> assertThat(e.reason()).isEqualTo(InvalidRenderException.NOTHING_TO_RENDER));
        assertThat(fixture.publisher.payloads(PromptsRendered.class)).isEmpty();
        assertThat(fixture.renders.list(fixture.datasetId, "v1")).isEmpty();
    }

    @Test
    void aRenderWhereTooManyExamplesWereCutSaysSoInItsManifestAndEvent() {
        fixture.putSplit("v1", "train", List.of(TestData.chat("long-1", 0, 30),
                TestData.chat("long-2", 1, 30)));

        RenderManifest manifest = run("v1", 42, 64);

        assertThat(manifest.truncated()).isEqualTo(2);
        assertThat(manifest.truncationWarning()).startsWith("2 of 2 examples (100.0 %)").contains("64 input tokens");
        assertThat(fixture.publisher.payloads(PromptsRendered.class).get(0).truncationWarning())
                .isEqualTo(manifest.truncationWarning());
        assertThat(fixture.counter("tuneline.template.examples.truncated", "task", TASK)).isEqualTo(2);

        fixture.config.truncationWarningShare(1.0);
        assertThat(run("v1", 42, 64).truncationWarning()).isNull();
    }

    @Test
    void theStandardSplitsComeFirstAndReplayAloneMakesNoSplit() {
        RenderComponent dataset = new RenderComponent(null, List.of(), 1, true, null, Map.of("test", () -> null,
                "extra", () -> null, "train", () -> null), null);
        RenderComponent replay = new RenderComponent(null, List.of(), 1, false, null, Map.of("validation",
                () -> null), null);

        assertThat(RenderRunner.splitNames(List.of(dataset, replay))).containsExactly("train", "test", "extra");
        assertThat(RenderRunner.splitNames(List.of(replay))).containsExactly("validation");
    }
}
