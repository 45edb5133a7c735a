package io.tuneline.dataset.version;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which objects hold a split: the segment list, or a pre-segment manifest's whole file. */
class DatasetManifestTest {

    private static final SplitFile WHOLE = new SplitFile("b", "d/versions/v1/train.jsonl", "sha", 10, 1);
    private static final SplitFile SEGMENT_1 = new SplitFile("b", "d/versions/v1/segments/train.jsonl", "s1", 5, 1);
    private static final SplitFile SEGMENT_2 = new SplitFile("b", "d/versions/v2/segments/train.jsonl", "s2", 5, 1);

    @Test
    void aManifestWithSegmentsListsThemInOrderAndNeverItsWholeFile() {
        DatasetManifest manifest = manifest(Map.of("train", WHOLE),
                Map.of("train", List.of(SEGMENT_1, SEGMENT_2), "test", List.of()));

        assertThat(manifest.segmentsOf("train")).containsExactly(SEGMENT_1, SEGMENT_2);
        assertThat(manifest.segmentsOf("test")).isEmpty();
        assertThat(manifest.segmentsOf("validation")).isEmpty();
    }

    @Test
    void aManifestFromBeforeSegmentsIsOneSegmentPerSplitFile() {
        DatasetManifest manifest = manifest(Map.of("train", WHOLE), null);

        assertThat(manifest.segmentsOf("train")).containsExactly(WHOLE);
        assertThat(manifest.segmentsOf("test")).isEmpty();
        assertThat(manifest(null, null).segmentsOf("train")).isEmpty();
    }

    private static DatasetManifest manifest(Map<String, SplitFile> files, Map<String, List<SplitFile>> segments) {
        return new DatasetManifest(1, 1, "d", "v2", 2, "v1", null, "upload", "up-1", null, Map.of(), Map.of(), 1,
                files, Map.of(), segments);
    }
}
