package io.tuneline.contracts.dataset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The split policy as data: shares in basis points; assigning examples by it is dataset-service's SplitAssigner. */
class SplitPolicyTest {

    @Test
    void ratiosBecomeBasisPointsAndTestGetsTheRest() {
        SplitPolicy policy = SplitPolicy.ofRatios("s", 0.8, 0.1, 0.1);

        assertThat(policy).isEqualTo(new SplitPolicy("s", 8000, 1000));
        assertThat(policy.trainRatio()).isEqualTo(0.8);
        assertThat(policy.validationRatio()).isEqualTo(0.1);
        assertThat(policy.testRatio()).isEqualTo(0.1);
        assertThat(new SplitPolicy("s", 7000, 0).testRatio()).isEqualTo(0.3);
    }

    @Test
    void refusesRatiosThatDoNotSumToOneAndAMissingSeed() {
        assertThatThrownBy(() -> SplitPolicy.ofRatios("s", 0.8, 0.1, 0.2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sum to 1");
        assertThatThrownBy(() -> SplitPolicy.ofRatios("s", 1.1, -0.1, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SplitPolicy("s", 9000, 1001)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SplitPolicy("", 8000, 1000)).hasMessageContaining("seed");
        assertThatThrownBy(() -> new SplitPolicy(null, 8000, 1000)).hasMessageContaining("seed");
    }
}
