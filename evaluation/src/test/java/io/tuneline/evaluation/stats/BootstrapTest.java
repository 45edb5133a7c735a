package io.tuneline.evaluation.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BootstrapTest {

    @Test
    void meanIntervalContainsTheMeanAndIsReproducible() {
        double[] values = new Random(1).doubles(200).toArray();
        Bootstrap bootstrap = new Bootstrap(1000, 0.95, 7);

        ConfidenceInterval ci = bootstrap.mean(values);

        assertThat(ci.lower()).isLessThan(ci.estimate());
        assertThat(ci.upper()).isGreaterThan(ci.estimate());
        // uniform(0,1): standard error of the mean = sqrt(1/12/200) ~ 0.0204, so the 95 % interval is ~ +-0.04
        assertThat(ci.upper() - ci.lower()).isCloseTo(2 * 1.96 * Math.sqrt(1.0 / 12 / 200), within(0.015));
        assertThat(bootstrap.mean(values)).isEqualTo(ci);
        assertThat(new Bootstrap(1000, 0.95, 8).mean(values)).isNotEqualTo(ci);
    }

    @Test
    void pairedDifferenceSeesAConsistentGainThatUnpairedSpreadWouldHide() {
        Random random = new Random(3);
        double[] base = new double[100];
        double[] candidate = new double[100];
        for (int i = 0; i < base.length; i++) {
            base[i] = random.nextDouble();          // examples differ a lot in difficulty ...
            candidate[i] = base[i] + 0.02;           // ... but the candidate is always a little better
        }

        ConfidenceInterval difference = Bootstrap.defaults().pairedDifference(base, candidate);

        assertThat(difference.estimate()).isCloseTo(0.02, within(1e-12));
        assertThat(difference.excludesZeroAbove()).isTrue();
        assertThat(difference.lower()).isCloseTo(0.02, within(1e-9));
        // the two means' own intervals overlap: unpaired, the gain would not be visible
        assertThat(Bootstrap.defaults().mean(base).upper()).isGreaterThan(Bootstrap.defaults().mean(candidate).lower());
    }

    @Test
    void aLossHasAnIntervalBelowZero() {
        double[] before = {1, 1, 1, 1, 1, 1, 1, 1, 0, 1};
        double[] after = {0, 1, 0, 0, 1, 0, 0, 1, 0, 0};

        ConfidenceInterval change = Bootstrap.defaults().pairedDifference(before, after);

        assertThat(change.estimate()).isCloseTo(-0.6, within(1e-12));
        assertThat(change.excludesZeroBelow()).isTrue();
    }

    @Test
    void percentileInterpolatesLikeNumpy() {
        double[] sorted = {1, 2, 3, 4};
        assertThat(Bootstrap.percentile(sorted, 0.5)).isEqualTo(2.5);
        assertThat(Bootstrap.percentile(sorted, 0.025)).isCloseTo(1.075, within(1e-12));
        assertThat(Bootstrap.percentile(sorted, 1.0)).isEqualTo(4.0);
    }

    @Test
    void rejectsWhatCannotBeResampled() {
        assertThatThrownBy(() -> Bootstrap.defaults().mean(new double[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Bootstrap.defaults().pairedDifference(new double[2], new double[3]))
                .hasMessageContaining("differ in size");
        assertThatThrownBy(() -> new Bootstrap(0, 0.95, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
