package io.tuneline.eval.evaluation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PairedBootstrapTest {

    private final PairedBootstrap bootstrap = new PairedBootstrap(1000, 0.95, 7);

    @Test
    void aConstantDifferenceHasNoSpread() {
        Estimate estimate = bootstrap.meanDifference(new double[]{0.5, 0.7, 0.9}, new double[]{0.4, 0.6, 0.8});

        assertThat(estimate.value()).isCloseTo(0.1, within(1e-12));
        assertThat(estimate.lower()).isCloseTo(0.1, within(1e-12));
        assertThat(estimate.upper()).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void pairingRemovesTheExamplesDifficulty() {
        // Scores vary a lot between examples but the candidate always wins by 0.05-0.15.
        double[] reference = {0.1, 0.9, 0.3, 0.7, 0.2, 0.8, 0.4, 0.6};
        double[] candidate = {0.2, 0.95, 0.4, 0.8, 0.35, 0.9, 0.5, 0.7};

        Estimate difference = bootstrap.meanDifference(candidate, reference);

        assertThat(difference.value()).isCloseTo(0.1, within(1e-12));
        assertThat(difference.lower()).isGreaterThan(0.07).isLessThan(difference.value());
        assertThat(difference.upper()).isGreaterThan(difference.value()).isLessThan(0.13);
    }

    @Test
    void theMeanIntervalCoversTheMeanAndRepeatsWithTheSeed() {
        double[] values = {0, 1, 1, 0, 1, 1, 1, 0, 1, 1};

        Estimate first = bootstrap.mean(values);

        assertThat(first.value()).isCloseTo(0.7, within(1e-12));
        assertThat(first.lower()).isBetween(0.3, 0.7);
        assertThat(first.upper()).isBetween(0.7, 1.0);
        assertThat(bootstrap.mean(values)).isEqualTo(first);
        double[] spread = {0.11, 0.52, 0.93, 0.34, 0.75, 0.16, 0.57, 0.98, 0.29, 0.61, 0.05, 0.44};
        assertThat(new PairedBootstrap(1000, 0.95, 8).mean(spread))
                .isNotEqualTo(new PairedBootstrap(1000, 0.95, 9).mean(spread));
    }

    @Test
    void noExamplesGiveZeroAndMismatchedPairsAreRefused() {
        assertThat(bootstrap.mean(new double[0])).isEqualTo(Estimate.exact(0));
        assertThatThrownBy(() -> bootstrap.meanDifference(new double[2], new double[3]))
                .hasMessageContaining("differ in length");
    }
}
