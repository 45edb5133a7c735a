package io.tuneline.template.service;

import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.events.PromptsRendered;
import io.tuneline.template.library.Mixture;
import io.tuneline.template.library.MixtureComponent;
import io.tuneline.template.library.MixtureSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Requests resolved into renders, over the shared real S3 server with the real render classes behind. */
class RenderServiceTest {

    private static final String TASK = "dialogue_summarization";
    private static final MixtureSource GENERAL = new MixtureSource(MixtureSource.GENERAL, null, null);

    private final RenderFixture fixture = new RenderFixture();

    private RenderService.RenderRequest request(String versionId, Integer maxInputTokens) {
        return new RenderService.RenderRequest(fixture.datasetId, versionId, null, null, null, maxInputTokens);
    }

    @Test
    void aVersionIsRenderedWithTheDefaultsAndWithoutPhrasingsWrittenForOtherData() {
        fixture.putSplit("v1", "train", RenderFixture.chats("c", 3));
        RenderFixture support = new RenderFixture("support");
        support.putSplit("v1", "train", RenderFixture.chats("c", 3));

        RenderManifest general = fixture.service.renderDatasetVersion(request("v1", null), null, "request");
        RenderManifest supportChats = support.service.renderDatasetVersion(new RenderService.RenderRequest(
                support.datasetId, "v1", null, null, null, null), null, "request");

        assertThat(general.seed()).isEqualTo(42);
        assertThat(general.maxInputTokens()).isEqualTo(512);
        assertThat(general.trigger()).isEqualTo("request");
        assertThat(general.components()).singleElement().satisfies(component -> {
            assertThat(component.task()).isEqualTo(TASK);
            assertThat(component.templateIds()).isNotEmpty().doesNotContain("dsum-support-chat");
        });
        assertThat(supportChats.components().get(0).templateIds()).contains("dsum-support-chat");
        assertThat(general.examples()).isEqualTo(3);
    }

    @Test
    void aMissingVersionAMissingSplitFileAndABadLimitAreRefusedWithTheirReason() {
        fixture.putSplit("v1", "train", RenderFixture.chats("c", 1));
        ObjectRef missing = fixture.layout.datasetSplit(fixture.datasetId, "v1", "test");

        assertThatThrownBy(() -> fixture.service.renderDatasetVersion(request("v9", null), null, "request"))
                .isInstanceOfSatisfying(DatasetVersionNotFoundException.class, e -> assertThat(e.reason())
                        .isEqualTo(DatasetVersionNotFoundException.VERSION_NOT_FOUND));
        assertThatThrownBy(() -> fixture.service.renderDatasetVersion(request("v1", null), Map.of("test", missing),
                "event")).isInstanceOfSatisfying(DatasetVersionNotFoundException.class, e -> assertThat(e.reason())
                        .isEqualTo(DatasetVersionNotFoundException.SPLIT_NOT_FOUND));
        assertThatThrownBy(() -> fixture.service.renderDatasetVersion(request("v1", 0), null, "request"))
                .isInstanceOfSatisfying(InvalidRenderException.class, e -> assertThat(e.reason())
                        .isEqualTo(InvalidRenderException.INVALID_MAX_INPUT_TOKENS));
        assertThat(fixture.publisher.payloads(PromptsRendered.class)).isEmpty();
    }

    @Test
    void aVersionMadeOfSegmentsIsReadFromItsSegmentsAndTheNextVersionReusesThem() {
        String a = putSegment("a", 3);
        String b = putSegment("b", 2);
        putManifest("v1", a);
        putManifest("v2", a + "," + b);

        RenderManifest v1 = fixture.service.renderDatasetVersion(request("v1", null), null, "request");
        RenderManifest v2 = fixture.service.renderDatasetVersion(request("v2", null), null, "request");

        assertThat(v1.splits().get("train").examples()).isEqualTo(3);
        assertThat(v2.splits().get("train").examples()).isEqualTo(5);
        assertThat(fixture.counter("tuneline.template.segments", "outcome", "reused")).isEqualTo(1);
        assertThat(fixture.counter("tuneline.template.segments", "outcome", "rendered")).isEqualTo(2);
    }

    @Test
    void aMixtureIsFiledUnderItsHeaviestDatasetOrElseUnderGeneral() {
        fixture.putSplit("v1", "train", RenderFixture.chats("c", 4));

        RenderManifest withData = fixture.service.renderMixture(new Mixture("with-replay", null, List.of(
                new MixtureComponent(TASK, null, new MixtureSource(MixtureSource.DATASET, fixture.datasetId, "v1"),
                        70), new MixtureComponent("sentiment", null, GENERAL, 30)), 10L, 5L), null);
        RenderManifest replayOnly = fixture.service.renderMixture(new Mixture("replay-only", null, List.of(
                new MixtureComponent("sentiment", null, GENERAL, 1)), 6L, 5L), null);

        assertThat(withData.datasetId()).isEqualTo(fixture.datasetId);
        assertThat(withData.versionId()).isEqualTo("v1");
        assertThat(withData.mixture()).isEqualTo("with-replay");
        assertThat(withData.splits().keySet()).containsExactly("train");
        assertThat(withData.splits().get("train").examples()).isEqualTo(10);
        assertThat(replayOnly.datasetId()).isEqualTo(RenderService.GENERAL_DATASET_ID);
        assertThat(replayOnly.versionId()).isEqualTo(RenderService.GENERAL_VERSION_ID);
        assertThat(replayOnly.splits().get("train").examples()).isEqualTo(6);
    }

    /** Stores a segment of {@code examples} chats; returns its manifest entry. */
    private String putSegment(String prefix, int examples) {
        String sha256 = (prefix + "0").repeat(32);
        ObjectRef ref = new ObjectRef(fixture.layout.datasets(), fixture.datasetId + "/segments/" + prefix + ".jsonl");
        fixture.store.put(ref.bucket(), ref.key(), RenderFixture.jsonLines(RenderFixture.chats(prefix, examples))
                .getBytes(StandardCharsets.UTF_8));
        return "{\"bucket\":\"" + ref.bucket() + "\",\"key\":\"" + ref.key() + "\",\"sha256\":\"" + sha256
                + "\",\"examples\":" + examples + "}";
    }

    private void putManifest(String versionId, String segments) {
        ObjectRef ref = fixture.layout.datasetManifest(fixture.datasetId, versionId);
        fixture.store.put(ref.bucket(), ref.key(), ("{\"segments\": {\"train\": [" + segments + "]}}")
                .getBytes(StandardCharsets.UTF_8));
    }
}
