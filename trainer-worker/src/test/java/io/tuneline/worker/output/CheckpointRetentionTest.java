package io.tuneline.worker.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.tuneline.worker.output.CheckpointRetention.Selection;
import io.tuneline.worker.output.TrainerState.CheckpointScore;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckpointRetentionTest {

    // a run that learns its data (validation loss falls) while forgetting (general loss rises from 1.00)
    private static final List<CheckpointScore> TRADE_OFF = List.of(
            new CheckpointScore("step-90", 90, 2.10, 0.98),
            new CheckpointScore("step-180", 180, 1.60, 1.01),
            new CheckpointScore("step-270", 270, 1.30, 1.04),
            new CheckpointScore("step-360", 360, 1.15, 1.08),
            new CheckpointScore("final", 450, 1.10, 1.12));

    @Test
    void withoutGeneralValidationTheLowestValidationLossIsBestAndTheEarlierOnATie() {
        assertThat(CheckpointRetention.best(TRADE_OFF)).map(CheckpointScore::name).hasValue("final");
        List<CheckpointScore> tie = List.of(new CheckpointScore("step-20", 20, 1.0),
                new CheckpointScore("step-40", 40, 1.0), new CheckpointScore("step-60", 60, null));
        assertThat(CheckpointRetention.best(tie)).map(CheckpointScore::name).hasValue("step-20");
        assertThat(CheckpointRetention.best(List.of(new CheckpointScore("step-20", 20, null)))).isEmpty();
    }

    @Test
    void theMostAdaptedCheckpointWithinTheGeneralToleranceIsBest() {
        assertThat(CheckpointRetention.best(TRADE_OFF, new Selection(1.00, 0.05))).map(CheckpointScore::name)
                .hasValue("step-270");
        assertThat(CheckpointRetention.best(TRADE_OFF, new Selection(1.00, 0.10))).map(CheckpointScore::name)
                .hasValue("step-360");
        assertThat(CheckpointRetention.best(TRADE_OFF, new Selection(1.00, 0.50))).map(CheckpointScore::name)
                .hasValue("final");
        assertThat(new Selection(1.00, 0.05).withinTolerance(TRADE_OFF.get(2))).isTrue();
        assertThat(new Selection(1.00, 0.05).withinTolerance(TRADE_OFF.get(3))).isFalse();
        assertThat(new Selection(2.0, 0.05).generalLossLimit()).isEqualTo(2.1);
    }

    @Test
    void whenNoneIsWithinTheToleranceTheOneThatForgotLeastIsBest() {
        assertThat(CheckpointRetention.best(TRADE_OFF, new Selection(0.90, 0.05))).map(CheckpointScore::name)
                .hasValue("step-90");
        List<CheckpointScore> allForgetting = List.of(new CheckpointScore("step-10", 10, 3.0, 1.30),
                new CheckpointScore("step-20", 20, 2.0, 1.20), new CheckpointScore("final", 30, 1.0, 1.25));
        assertThat(CheckpointRetention.best(allForgetting, new Selection(1.0, 0.1))).map(CheckpointScore::name)
                .hasValue("step-20");
    }

    @Test
    void keptIsTheBestBySelectionAndTheNewest() {
        assertThat(CheckpointRetention.kept(TRADE_OFF, 1, new Selection(1.00, 0.05))).extracting(CheckpointScore::name)
                .containsExactly("step-270", "final");
        assertThat(CheckpointRetention.kept(TRADE_OFF, 2, new Selection(1.00, 0.05))).extracting(CheckpointScore::name)
                .containsExactly("step-180", "step-270", "final");
        assertThat(CheckpointRetention.kept(TRADE_OFF, 1)).extracting(CheckpointScore::name).containsExactly("final");
    }
}
