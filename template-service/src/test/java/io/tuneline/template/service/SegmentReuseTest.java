package io.tuneline.template.service;

import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.template.engine.LengthLimiter;
import io.tuneline.template.library.MixtureSource;
import io.tuneline.common.testing.SharedObjectStore;
import io.tuneline.template.testing.WordTokenizer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Segments rendered for one version are reused by the next, and the result is the same as rendering the whole
 * split; over the shared real S3 server.
 */
class SegmentReuseTest {

    private final RenderFixture fixture = new RenderFixture();
    private final String segmentKey = SharedObjectStore.uniqueId("s");
    private final List<DatasetVersions.Segment> segments = List.of(segment("a", 3), segment("b", 2),
            segment("c", 3));

    private DatasetVersions.Segment segment(String prefix, int examples) {
        byte[] content = RenderFixture.jsonLines(RenderFixture.chats(prefix, examples))
                .getBytes(StandardCharsets.UTF_8);
        String sha256 = sha256(content);
        ObjectRef file = new ObjectRef(fixture.layout.datasets(), fixture.datasetId + "/segments/" + sha256 + ".jsonl");
        fixture.store.put(file.bucket(), file.key(), content);
        return new DatasetVersions.Segment(file, sha256, examples);
    }

    private ExampleRenderer examples() {
        return new ExampleRenderer(fixture.mapper, new LengthLimiter(fixture.engine, new WordTokenizer(), 512), 42);
    }

    private RenderComponent component(List<DatasetVersions.Segment> parts) {
        Map<String, List<DatasetVersions.Segment>> bySplit = Map.of("train", parts);
        return new RenderComponent(fixture.tasks.require("dialogue_summarization"),
                fixture.templates.forRender("dialogue_summarization", null),
                1.0, true, new MixtureSource(MixtureSource.DATASET, fixture.datasetId, "v1"),
                fixture.datasetVersions.segmentedSplits(bySplit), bySplit);
    }

    private SplitSummary renderVersion(String versionId, List<DatasetVersions.Segment> parts) {
        ObjectRef output = fixture.renders.splitFile(fixture.datasetId, versionId, "r-" + versionId, "train");
        return fixture.segmentReuse.render(new RenderTarget(fixture.datasetId, versionId, null, "test"),
                "r-" + versionId, output, "train", component(parts), segmentKey, examples());
    }

    private double segments(String outcome) {
        return fixture.counter("tuneline.template.segments", "outcome", outcome);
    }

    @Test
    void aLaterVersionRendersOnlyItsNewSegmentAndEqualsRenderingTheWholeSplit() {
        renderVersion("v1", segments.subList(0, 2));
        assertThat(segments("rendered")).isEqualTo(2);
        assertThat(segments("reused")).isZero();

        SplitSummary v2 = renderVersion("v2", segments);

        assertThat(segments("reused")).isEqualTo(2);
        assertThat(segments("rendered")).isEqualTo(3);
        ObjectRef whole = fixture.renders.splitFile(fixture.datasetId, "v2", "r-whole", "train");
        SplitSummary wholeSummary = fixture.splitRenderer.render(whole, "train", List.of(component(segments)), null,
                examples());
        assertThat(fixture.text(v2.file())).isEqualTo(fixture.text(whole));
        assertThat(v2).usingRecursiveComparison().ignoringFields("file").isEqualTo(wholeSummary);
        assertThat(v2.examples()).isEqualTo(8);
    }

    @Test
    void aSegmentIsReusedOnlyOnceItsCountsWereWrittenAndLineNumbersContinueAcrossSegments() {
        renderVersion("v1", segments);
        DatasetVersions.Segment second = segments.get(1);
        ObjectRef counts = fixture.layout.promptsSegmentSummary(fixture.datasetId, segmentKey,
                second.sha256().substring(0, 32) + "-4");
        assertThat(fixture.store.exists(counts.bucket(), counts.key())).isTrue();
        fixture.store.delete(counts.bucket(), counts.key());

        renderVersion("v2", segments);

        assertThat(segments("reused")).isEqualTo(2);
        assertThat(segments("rendered")).isEqualTo(4);
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
