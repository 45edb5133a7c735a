package io.tuneline.dataset.version;

import io.tuneline.contracts.dataset.SplitStatistics;
import io.tuneline.contracts.dataset.TextStatistics;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The length statistics of a manifest: code points, whitespace tokens, nearest-rank percentiles. */
class LengthAccumulatorTest {

    @Test
    void tokensAreRunsOfNonWhitespace() {
        assertThat(LengthAccumulator.tokens("")).isZero();
        assertThat(LengthAccumulator.tokens("   \t\n ")).isZero();
        assertThat(LengthAccumulator.tokens("one")).isEqualTo(1);
        assertThat(LengthAccumulator.tokens("  #Person1#: hi,\tthere\n#Person2#:  ok  ")).isEqualTo(5);
    }

    @Test
    void charactersAreCodePointsNotUtf16Units() {
        LengthAccumulator lengths = new LengthAccumulator();
        lengths.add("\uD83D\uDE00\uD83D\uDE00 caf\u00e9", "\u4e2d\u6587");

        SplitStatistics statistics = lengths.statistics();

        assertThat(statistics.inputChars().max()).isEqualTo(7);
        assertThat(statistics.outputChars().max()).isEqualTo(2);
        assertThat(statistics.outputTokens().max()).isEqualTo(1);
    }

    @Test
    void percentilesAreNearestRankAndTheMeanHasTwoDecimals() {
        LengthAccumulator lengths = new LengthAccumulator();
        // Output lengths 1..7 added out of order.
        for (int length : new int[]{7, 3, 1, 6, 2, 5, 4}) {
            lengths.add("x", "y".repeat(length));
        }
        lengths.add("x", "y".repeat(2));

        // Sorted: 1 2 2 3 4 5 6 7 (n = 8): p50 = rank ceil(4.0) = 4th = 3, p95 = rank ceil(7.6) = 8th = 7.
        assertThat(lengths.statistics().outputChars()).isEqualTo(new TextStatistics(1, 3.75, 3, 7, 7));

        // n = 11: p95 is rank ceil(10.45) = 11, where rounding would give the 10th.
        LengthAccumulator eleven = new LengthAccumulator();
        for (int length = 1; length <= 11; length++) {
            eleven.add("x", "y".repeat(length));
        }
        assertThat(eleven.statistics().outputChars().p95()).isEqualTo(11);

        LengthAccumulator thirds = new LengthAccumulator();
        thirds.add("a", "y");
        thirds.add("a", "y");
        thirds.add("a", "yy");
        assertThat(thirds.statistics().outputChars().mean()).isEqualTo(1.33);
    }

    @Test
    void anEmptySplitHasNoStatisticsAndASingleExampleIsEveryPercentile() {
        assertThat(new LengthAccumulator().statistics().inputChars()).isNull();

        LengthAccumulator one = new LengthAccumulator();
        one.add("four word long input", "out");

        assertThat(one.statistics().inputTokens()).isEqualTo(new TextStatistics(4, 4.0, 4, 4, 4));
    }

    @Test
    void aCopyGrowsOnItsOwnPastTheInitialCapacity() {
        LengthAccumulator original = new LengthAccumulator();
        for (int i = 1; i <= 300; i++) {
            original.add("x".repeat(i), "y");
        }
        LengthAccumulator copy = original.copy();
        for (int i = 0; i < 300; i++) {
            copy.add("x".repeat(1000), "y");
        }

        assertThat(original.statistics().inputChars()).isEqualTo(new TextStatistics(1, 150.5, 150, 285, 300));
        assertThat(copy.statistics().inputChars().max()).isEqualTo(1000);
        assertThat(copy.statistics().inputChars().p50()).isEqualTo(300);
    }
}
