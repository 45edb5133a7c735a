package io.tuneline.contracts.storage;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StorageLayoutTest {

    private final StorageLayout layout = StorageLayout.defaults();

    @Test
    void keysFollowTheDocumentedLayout() {
        assertThat(layout.datasetSplit("support", "v3", "train").toString())
                .isEqualTo("s3://tuneline-datasets/support/versions/v3/train.jsonl");
        assertThat(layout.promptsSplit("support", "v3", "r1", "test").key()).isEqualTo("support/v3/r1/test.jsonl");
        assertThat(layout.checkpoint("run-7", 500).key()).isEqualTo("run-7/step-500/");
        assertThat(layout.baseModel("flan-t5-small").bucket()).isEqualTo("tuneline-models");
        assertThat(layout.allBuckets()).hasSize(5).doesNotHaveDuplicates();
    }

    @Test
    void idsThatCouldEscapeTheirFolderAreRefused() {
        for (String bad : new String[] {"../x", "a/b", "", " x", "a..b", null}) {
            assertThatThrownBy(() -> layout.datasetManifest(bad, "v1")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void invalidBucketNamesAreRefused() {
        assertThatThrownBy(() -> StorageLayout.withPrefix("Upper_")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namedAdaptersLiveInTheModelsBucket() {
        assertThat(layout.adapter("support-tone").toString()).isEqualTo("s3://tuneline-models/_adapters/support-tone/");
        assertThatThrownBy(() -> layout.adapter("../x")).isInstanceOf(IllegalArgumentException.class);
    }
}
