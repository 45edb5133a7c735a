package io.tuneline.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.tuneline.evaluation.ForgettingResult;
import io.tuneline.evaluation.SystemResult;
import io.tuneline.evaluation.stats.ConfidenceInterval;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The story's acceptance as --smoke judges it: the thresholds, and the quick variant's paired test. */
class StoryAcceptanceTest {

    private static final ConfidenceInterval BASE = new ConfidenceInterval(0.12, 0.10, 0.14);

    @Test
    void theFullStoryNeedsAGainOfFifteenPointsWithSeparatedIntervalsAndLessForgettingFromTheMixture() {
        StoryReport.Run single = run(new ConfidenceInterval(0.72, 0.66, 0.78), 0.60, -0.60);
        StoryReport.Run mixture = run(new ConfidenceInterval(0.63, 0.56, 0.70), 0.50, -0.10);

        assertThat(StoryPipeline.Acceptance.of(single, mixture, false).passed()).isTrue();
        // a gain of 0.14 is not enough, however certain
        assertThat(StoryPipeline.Acceptance.of(run(new ConfidenceInterval(0.26, 0.25, 0.27), 0.14, -0.6), mixture, false)
                .passed()).isFalse();
        // overlapping intervals are not enough, however large the gain
        assertThat(StoryPipeline.Acceptance.of(run(new ConfidenceInterval(0.30, 0.13, 0.47), 0.18, -0.6), mixture, false)
                .passed()).isFalse();
        // the mixture must forget less than the single-task run
        assertThat(StoryPipeline.Acceptance.of(single, run(new ConfidenceInterval(0.63, 0.56, 0.70), 0.5, -0.7), false)
                .findings()).anyMatch(finding -> finding.contains("NOT MET"));
    }

    @Test
    void theQuickVariantAsksOnlyForAPairedDifferenceAboveZero() {
        StoryReport.Run small = run(new ConfidenceInterval(0.20, 0.13, 0.27), 0.08, -0.6);
        StoryReport.Run none = run(new ConfidenceInterval(0.15, 0.10, 0.20), 0.03, -0.6);

        assertThat(StoryPipeline.Acceptance.of(small, null, true).passed()).isTrue();
        assertThat(StoryPipeline.Acceptance.of(none, null, true).passed()).isFalse();
        assertThat(StoryPipeline.Acceptance.of(run(null, 0, 0), null, true).passed()).isFalse();
    }

    /** A run whose candidate scores {@code tuned}, with a paired difference centred on {@code gain}. */
    private static StoryReport.Run run(ConfidenceInterval tuned, double gain, double heldOutChange) {
        SystemResult base = new SystemResult("base", "base", 0, 0, Map.of("rougeL", BASE), Map.of(), 1);
        List<SystemResult> systems = tuned == null ? List.of(base) : List.of(base, new SystemResult("candidate",
                "candidate", 0, 0, Map.of("rougeL", tuned),
                Map.of("rougeL", new ConfidenceInterval(gain, gain - 0.05, gain + 0.05)), 1));
        ForgettingResult forgetting = new ForgettingResult("sentiment", "exactMatch", "candidate", 20,
                new ConfidenceInterval(1.0, 1.0, 1.0), new ConfidenceInterval(1.0 + heldOutChange, 0, 1),
                new ConfidenceInterval(heldOutChange, heldOutChange - 0.1, heldOutChange + 0.1),
                ForgettingResult.Verdict.WORSE, "sentiment got worse", null);
        return new StoryReport.Run("run", "r-1", 100, 1.0, "s3://c/r-1/final/", "e-1", null, systems,
                List.of(forgetting), false, "", List.of());
    }
}
