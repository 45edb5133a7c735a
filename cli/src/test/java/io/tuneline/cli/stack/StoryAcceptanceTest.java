package io.tuneline.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.tuneline.evaluation.ForgettingResult;
import io.tuneline.evaluation.SystemResult;
import io.tuneline.evaluation.stats.ConfidenceInterval;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The story's acceptance as --smoke judges it: a run promoted by the gate on its own and served, the issue's
 * thresholds, and the quick variant's paired test.
 */
class StoryAcceptanceTest {

    private static final ConfidenceInterval BASE = new ConfidenceInterval(0.12, 0.10, 0.14);

    @Test
    void theFullStoryNeedsAGateEarnedPromotionAGainOfFifteenPointsAndLessForgettingFromTheMixture() {
        StoryReport.Run single = run("single-task", 0, new ConfidenceInterval(0.72, 0.66, 0.78), 0.60, -0.60, false);
        StoryReport.Run mixture = run("mixture", 0.5, new ConfidenceInterval(0.63, 0.56, 0.70), 0.50, -0.01, true);

        assertThat(StoryPipeline.Acceptance.of(List.of(single, mixture), servedBy(mixture), false).passed()).isTrue();
        // a gain of 0.14 is not enough, however certain
        StoryReport.Run small = run("mixture", 0.5, new ConfidenceInterval(0.26, 0.25, 0.27), 0.14, -0.01, true);
        assertThat(StoryPipeline.Acceptance.of(List.of(single, small), servedBy(small), false).passed()).isFalse();
        // overlapping intervals are not enough, however large the gain
        StoryReport.Run wide = run("mixture", 0.5, new ConfidenceInterval(0.30, 0.13, 0.47), 0.18, -0.01, true);
        assertThat(StoryPipeline.Acceptance.of(List.of(single, wide), servedBy(wide), false).passed()).isFalse();
        // the mixture must forget less than the single-task run
        StoryReport.Run forgetful = run("mixture", 0.5, new ConfidenceInterval(0.63, 0.56, 0.70), 0.5, -0.7, true);
        assertThat(StoryPipeline.Acceptance.of(List.of(single, forgetful), servedBy(forgetful), false).findings())
                .anyMatch(finding -> finding.contains("NOT MET (mixture does not forget less)"));
    }

    @Test
    void aStoryWhoseRunsTheGateRejectedAllFailsAndPromotesNothingByHand() {
        StoryReport.Run single = run("single-task", 0, new ConfidenceInterval(0.72, 0.66, 0.78), 0.60, -0.60, false);
        StoryReport.Run mixture = run("mixture", 0.5, new ConfidenceInterval(0.63, 0.56, 0.70), 0.50, -0.10, false);

        StoryPipeline.Acceptance acceptance = StoryPipeline.Acceptance.of(List.of(single, mixture), List.of(), false);

        assertThat(acceptance.passed()).isFalse();
        assertThat(acceptance.findings()).contains("promotion: NOT MET (the gate promoted none of the 2 runs;"
                + " nothing was promoted by hand and nothing is served)");
        assertThat(StoryPipeline.servingRun(List.of(single, mixture))).isEmpty();
    }

    @Test
    void theRunTheGatePromotedLastIsTheOneServedAndJudged() {
        StoryReport.Run single = run("single-task", 0, new ConfidenceInterval(0.72, 0.66, 0.78), 0.60, -0.60, false);
        StoryReport.Run mixture = run("mixture", 0.5, new ConfidenceInterval(0.63, 0.56, 0.70), 0.50, -0.02, true);
        StoryReport.Run lora = run("LoRA", 0, new ConfidenceInterval(0.66, 0.60, 0.72), 0.54, -0.01, true);

        assertThat(StoryPipeline.servingRun(List.of(single, mixture, lora))).containsSame(lora);
        assertThat(StoryPipeline.servingRun(List.of(single, mixture))).containsSame(mixture);
        assertThat(StoryPipeline.Acceptance.of(List.of(single, mixture, lora), servedBy(lora), false).findings())
                .contains("promotion: the gate promoted the LoRA run r-LoRA on its own (its reasons above): ok")
                .anyMatch(finding -> finding.startsWith("LoRA: ROUGE-L 0.120 -> 0.660") && finding.endsWith("ok"));
    }

    @Test
    void thePromotedRunMustGainItselfNotOnlyTheSingleTaskRun() {
        StoryReport.Run single = run("single-task", 0, new ConfidenceInterval(0.72, 0.66, 0.78), 0.60, -0.60, false);
        StoryReport.Run lora = run("LoRA", 0, new ConfidenceInterval(0.20, 0.16, 0.24), 0.08, -0.01, true);

        StoryPipeline.Acceptance acceptance = StoryPipeline.Acceptance.of(List.of(single, lora), servedBy(lora), false);

        assertThat(acceptance.passed()).isFalse();
        assertThat(acceptance.findings()).anyMatch(finding -> finding.startsWith("LoRA: ROUGE-L") && finding.endsWith("NOT MET"));
    }

    @Test
    void theQuickVariantDoesNotRequireAPromotionButSaysThereWasNone() {
        StoryReport.Run single = run("single-task", 0, new ConfidenceInterval(0.50, 0.38, 0.64), 0.39, -0.60, false);
        StoryReport.Run mixture = run("mixture", 0.7, new ConfidenceInterval(0.13, 0.10, 0.16), 0.02, -0.09, false);

        StoryPipeline.Acceptance quick = StoryPipeline.Acceptance.of(List.of(single, mixture), List.of(), true);

        assertThat(quick.passed()).isTrue();
        assertThat(quick.findings()).first().isEqualTo("promotion: not earned (the gate promoted none of the 2 runs;"
                + " nothing was promoted by hand and nothing is served); the quick variant does not require it");
        assertThat(StoryPipeline.Acceptance.of(List.of(single, mixture), List.of(), false).passed()).isFalse();
    }

    @Test
    void aPromotionIsNotEnoughWithoutAnswersFromThePromotedRun() {
        StoryReport.Run single = run("single-task", 0, new ConfidenceInterval(0.50, 0.38, 0.64), 0.39, -0.60, false);
        StoryReport.Run promoted = run("mixture", 0.7, new ConfidenceInterval(0.20, 0.15, 0.25), 0.08, -0.01, true);
        List<StoryReport.Served> byAnother = List.of(new StoryReport.Served("c-1", "s", "r", "base", null));

        StoryPipeline.Acceptance nothingServed = StoryPipeline.Acceptance.of(List.of(single, promoted), List.of(), true);
        StoryPipeline.Acceptance wrongModel = StoryPipeline.Acceptance.of(List.of(single, promoted), byAnother, true);

        assertThat(nothingServed.passed()).isFalse();
        assertThat(nothingServed.findings()).contains("serving: 0 test chats answered, 0 by the promoted run r-mixture:"
                + " NOT MET");
        assertThat(wrongModel.passed()).isFalse();
        assertThat(StoryPipeline.Acceptance.of(List.of(single, promoted), servedBy(promoted), true).findings())
                .contains("serving: 2 test chats answered, 2 by the promoted run r-mixture: ok");
    }

    @Test
    void theQuickVariantAsksOnlyForAPairedDifferenceAboveZero() {
        StoryReport.Run small = run("single-task", 0, new ConfidenceInterval(0.20, 0.13, 0.27), 0.08, -0.6, true);
        StoryReport.Run none = run("single-task", 0, new ConfidenceInterval(0.15, 0.10, 0.20), 0.03, -0.6, true);

        assertThat(StoryPipeline.Acceptance.of(List.of(small), servedBy(small), true).passed()).isTrue();
        assertThat(StoryPipeline.Acceptance.of(List.of(none), servedBy(none), true).passed()).isFalse();
        StoryReport.Run unscored = run("single-task", 0, null, 0, 0, true);
        assertThat(StoryPipeline.Acceptance.of(List.of(unscored), servedBy(unscored), true).passed()).isFalse();
    }

    /** Two test chats answered by {@code run}'s checkpoint. */
    static List<StoryReport.Served> servedBy(StoryReport.Run run) {
        return List.of(new StoryReport.Served("c-1", "s", "r", "support-summarizer run " + run.runId(), run.runId()),
                new StoryReport.Served("c-2", "s", "r", "support-summarizer run " + run.runId(), run.runId()));
    }

    /** A run whose candidate scores {@code tuned}, with a paired difference centred on {@code gain}. */
    static StoryReport.Run run(String label, double mixFraction, ConfidenceInterval tuned, double gain,
                               double heldOutChange, boolean promoted) {
        SystemResult base = new SystemResult("base", "base", 0, 0, Map.of("rougeL", BASE), Map.of(), 1);
        List<SystemResult> systems = tuned == null ? List.of(base) : List.of(base, new SystemResult("candidate",
                "candidate", 0, 0, Map.of("rougeL", tuned),
                Map.of("rougeL", new ConfidenceInterval(gain, gain - 0.05, gain + 0.05)), 1));
        ForgettingResult forgetting = new ForgettingResult("sentiment", "exactMatch", "candidate", 20,
                new ConfidenceInterval(1.0, 1.0, 1.0), new ConfidenceInterval(1.0 + heldOutChange, 0, 1),
                new ConfidenceInterval(heldOutChange, heldOutChange - 0.1, heldOutChange + 0.1),
                ForgettingResult.Verdict.WORSE, "sentiment got worse", null);
        return new StoryReport.Run(label, label.equals("LoRA") ? "lora" : "full", 1e-3, mixFraction, "r-" + label,
                100, 1.0, "s3://c/r-1/final/", "e-1", null, systems, List.of(forgetting), promoted, "",
                Map.of("trainable_parameters", 8.5e6, "checkpoint_bytes", 1.7e7, "wall_seconds", 300.0), List.of());
    }
}
