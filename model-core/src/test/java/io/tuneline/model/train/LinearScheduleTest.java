package io.tuneline.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LinearScheduleTest {

    @Test
    void warmsUpLinearlyThenDecaysToZeroLikeHuggingFace() {
        LinearSchedule schedule = new LinearSchedule(1e-3, 4, 12);
        double[] expected = {0, 0.25e-3, 0.5e-3, 0.75e-3, 1e-3, 0.875e-3, 0.75e-3, 0.625e-3, 0.5e-3, 0.375e-3,
            0.25e-3, 0.125e-3, 0, 0};
        for (int step = 0; step < expected.length; step++) {
            assertThat(schedule.learningRate(step)).as("step %d", step).isCloseTo(expected[step], within(1e-12));
        }
    }

    @Test
    void withoutWarmUpStartsAtThePeak() {
        LinearSchedule schedule = new LinearSchedule(2e-4, 0, 10);
        assertThat(schedule.learningRate(0)).isEqualTo(2e-4);
        assertThat(schedule.learningRate(5)).isCloseTo(1e-4, within(1e-12));
    }
}
