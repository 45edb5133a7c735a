package io.tuneline.dataset.split;

import io.tuneline.contracts.dataset.SplitPolicy;
import io.tuneline.dataset.model.Example;
import io.tuneline.dataset.model.Split;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SplitAssignerTest {

    @Test
    void theBucketIsTheFirstEightBytesOfTheSeededHashModuloTenThousand() {
        SplitAssigner assigner = new SplitAssigner(SplitPolicy.ofRatios("seed", 0.8, 0.1, 0.1));

        // sha256("seed:id:a") starts with bd404c3a61dbc5f9 = 13,636,983,485,311,469,049 (unsigned) → bucket 9049.
        assertThat(assigner.bucket("id:a")).isEqualTo(9049);
        assertThat(assigner.assign("id:a")).isEqualTo(Split.TEST);
    }

    @Test
    void bucketsBelowTrainAreTrainThenValidationThenTest() {
        // Bucket 9049 (above) is test at 80/10/10, validation at 90/5/5 (9000 ≤ 9049 < 9500), train at 91/0/9.
        assertThat(new SplitAssigner(new SplitPolicy("seed", 9000, 500)).assign("id:a")).isEqualTo(Split.VALIDATION);
        assertThat(new SplitAssigner(new SplitPolicy("seed", 9050, 0)).assign("id:a")).isEqualTo(Split.TRAIN);
        assertThat(new SplitAssigner(new SplitPolicy("seed", 9049, 0)).assign("id:a")).isEqualTo(Split.TEST);
        assertThat(new SplitAssigner(SplitPolicy.ofRatios("s", 1, 0, 0)).assign("anything")).isEqualTo(Split.TRAIN);
        assertThat(new SplitAssigner(SplitPolicy.ofRatios("s", 0, 0, 1)).assign("anything")).isEqualTo(Split.TEST);
    }

    @Test
    void rowsOfOneGroupShareASplitWhateverTheirIds() {
        SplitAssigner assigner = new SplitAssigner(SplitPolicy.ofRatios("s", 0.5, 0.25, 0.25));
        Split first = assigner.assign(example("a", "customer-42"));

        for (int i = 0; i < 100; i++) {
            assertThat(assigner.assign(example("id-" + i, "customer-42"))).isEqualTo(first);
        }
    }

    @Test
    void needsAPolicy() {
        assertThatThrownBy(() -> new SplitAssigner(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("policy");
    }

    private static Example example(String id, String group) {
        return new Example(id, "in", "out", null, null, group, "test", "0".repeat(64));
    }
}
