package io.tuneline.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.tuneline.contracts.events.TrainingProgress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckpointChoiceTest {

    @Test
    void showsBothLossesAtEveryEvaluationTheLimitAndTheKeptStep() {
        List<TrainingProgress> progress = List.of(
                new TrainingProgress("r", 44, 90, 0, 2.0, null, 1e-4, 100, 10),
                new TrainingProgress("r", 45, 90, 0, 1.9, 1.50, 1e-4, 100, 10, 0.510),
                new TrainingProgress("r", 46, 90, 0, 1.9, null, 1e-4, 100, 10));
        Map<String, Double> metrics = Map.of("start_general_validation_loss", 0.500,
                "general_validation_loss_limit", 0.525, "best_step", 45.0, "final_validation_loss", 1.20,
                "final_general_validation_loss", 0.540);

        assertThat(CheckpointChoice.describe(progress, metrics, 90)).hasValue("checkpoint choice: validation loss"
                + " chats/general at step 45 1.500/0.510, 90 1.200/0.540!; general limit 0.525 (the base's 0.500 + 5 %,"
                + " ! beyond): kept step 45");
    }

    @Test
    void saysNothingForARunWithoutGeneralValidation() {
        assertThat(CheckpointChoice.describe(List.of(), Map.of("best_validation_loss", 1.0, "best_step", 90.0), 90))
                .isEmpty();
    }
}
