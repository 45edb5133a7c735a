package io.tuneline.dataset.split;

import io.tuneline.dataset.model.Example;
import io.tuneline.dataset.model.Split;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SplitPolicyTest {

    @Test
    void theBucketIsTheFirstEightBytesOfTheSeededHashModuloTenThousand() {
        SplitPolicy policy = SplitPolicy.ofRatios("seed", 0.8, 0.1, 0.1);

        // sha256("seed:id:a") starts with bd404c3a61dbc5f9 = 13,636,983,485,311,469,049 (unsigned) → bucket 9049.
        assertThat(policy.bucket("id:a")).isEqualTo(9049);
        assertThat(policy.assign("id:a")).isEqualTo(Split.TEST);
    }

    @Test
    void ratiosMapToCumulativeBucketRanges() {
        SplitPolicy policy = SplitPolicy.ofRatios("s", 0.8, 0.1, 0.1);

        assertThat(policy.trainBasisPoints()).isEqualTo(8000);
        assertThat(policy.validationBasisPoints()).isEqualTo(1000);
        assertThat(policy.testRatio()).isEqualTo(0.1);
        assertThat(SplitPolicy.ofRatios("s", 1, 0, 0).assign("anything")).isEqualTo(Split.TRAIN);
        assertThat(SplitPolicy.ofRatios("s", 0, 0, 1).assign("anything")).isEqualTo(Split.TEST);
    }

    @Test
    void rowsOfOneGroupShareASplitWhateverTheirIds() {
        SplitPolicy policy = SplitPolicy.ofRatios("s", 0.5, 0.25, 0.25);
        Split first = policy.assign(example("a", "customer-42"));

        for (int i = 0; i < 100; i++) {
            assertThat(policy.assign(example("id-" + i, "customer-42"))).isEqualTo(first);
        }
    }

    @Test
    void refusesRatiosThatDoNotSumToOne() {
        assertThatThrownBy(() -> SplitPolicy.ofRatios("s", 0.8, 0.1, 0.2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sum to 1");
        assertThatThrownBy(() -> SplitPolicy.ofRatios("s", 1.1, -0.1, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Example example(String id, String group) {
        return new Example(id, "in", "out", null, null, group, "test", "0".repeat(64));
    }
}
