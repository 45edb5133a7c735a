package io.tuneline.template.engine;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MixturePlannerTest {

    @Test
    void drawsComponentsInTheRequestedProportions() {
        MixturePlanner.Plan plan = MixturePlanner.plan(new double[]{70, 10, 10, 10}, new long[]{500, 30, 30, 30},
                new boolean[]{true, false, false, false}, 10_000L, 7);

        long[] counts = plan.counts();
        assertThat(counts[0] + counts[1] + counts[2] + counts[3]).isEqualTo(10_000);
        // Four standard deviations of a binomial(10000, p).
        assertThat(counts[0]).isBetween(7000 - 184L, 7000 + 184L);
        for (int c = 1; c < 4; c++) {
            assertThat(counts[c]).isBetween(1000 - 120L, 1000 + 120L);
        }
    }

    @Test
    void withoutATotalUsesEveryDatasetExampleOnceAndSizesTheRestToTheRatio() {
        MixturePlanner.Plan plan = MixturePlanner.plan(new double[]{0.7, 0.3}, new long[]{700, 40},
                new boolean[]{true, false}, null, 1);

        assertThat(plan.size()).isEqualTo(1000);
    }

    @Test
    void leavesOutComponentsWithoutExamplesAndRenormalizes() {
        MixturePlanner.Plan plan = MixturePlanner.plan(new double[]{1, 1, 2}, new long[]{10, 0, 10},
                new boolean[]{true, true, true}, 300L, 3);

        long[] counts = plan.counts();
        assertThat(counts[1]).isZero();
        assertThat(plan.probabilities()[0]).isEqualTo(1.0 / 3);
        assertThat(counts[0] + counts[2]).isEqualTo(300);
    }

    @Test
    void theSameSeedGivesTheSameSequence() {
        MixturePlanner.Plan plan = MixturePlanner.plan(new double[]{1, 1}, new long[]{5, 5},
                new boolean[]{true, true}, 50L, 11);

        assertThat(drain(plan.sequence())).isEqualTo(drain(plan.sequence()));
        assertThat(drain(MixturePlanner.plan(new double[]{1, 1}, new long[]{5, 5}, new boolean[]{true, true}, 50L,
                12).sequence())).isNotEqualTo(drain(plan.sequence()));
    }

    @Test
    void selectionSamplingPicksExactlyTheWantedNumberInFilePassOrder() {
        SelectionSampler sampler = new SelectionSampler(10, 23, 5);
        List<String> picked = new ArrayList<>();
        int index = 0;
        while (picked.size() < 23) {
            if (sampler.take()) {
                picked.add(sampler.pass() + ":" + index);
            }
            sampler.advance();
            index = (index + 1) % 10;
        }
        assertThat(picked).filteredOn(p -> p.startsWith("0:")).hasSize(10);
        assertThat(picked).filteredOn(p -> p.startsWith("1:")).hasSize(10);
        assertThat(picked).filteredOn(p -> p.startsWith("2:")).hasSize(3).doesNotHaveDuplicates();
    }

    private static List<Integer> drain(MixturePlanner.Sequence sequence) {
        List<Integer> result = new ArrayList<>();
        while (sequence.hasNext()) {
            result.add(sequence.next());
        }
        return result;
    }
}
