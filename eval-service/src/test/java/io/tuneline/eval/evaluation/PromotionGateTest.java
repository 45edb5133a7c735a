package io.tuneline.eval.evaluation;

import io.tuneline.evaluation.metrics.Metric;
import io.tuneline.evaluation.stats.ConfidenceInterval;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PromotionGateTest {

    private static final String BASE = "the base model";
    private static final String ROUGE_L = Metric.ROUGE_L.key();
    private static final String ROUGE1 = Metric.ROUGE1.key();
    private static final String EXACT_MATCH = Metric.EXACT_MATCH.key();
    private static final char MINUS = '\u2212';
    private final PromotionGate gate = new PromotionGate(new GatePolicy(Metric.ROUGE_L, 0.01, 0.05));

    @Test
    void promotesAClearGainWithoutForgettingAndSaysWhy() {
        GateDecision decision = gate.decide(List.of(test(ROUGE1, 0.30, 0.10, 0.40), test(ROUGE_L,
                0.21, 0.18, 0.24)), List.of(heldOut("sentiment", 0.80, 0.79, -0.03, 0.01)), BASE);

        assertThat(decision.promote()).isTrue();
        assertThat(decision.reasons()).containsExactly(
                "ROUGE-L +0.210 [0.180, 0.240] against the base model beats the 0.010 margin",
                "sentiment accuracy \u22121 % [\u22124 %, +1 %] within the 5 % tolerance",
                "held-out suite \u22121 % (1 task, summed scores 0.800 \u2192 0.790) within the 5 % suite tolerance");
    }

    /** The single-task run of the full story (README): every general task but one collapsed. */
    @Test
    void rejectsARunThatReallyForgetsAndNamesEachForgottenTask() {
        GateDecision decision = gate.decide(List.of(test(ROUGE_L, 0.603, 0.539, 0.665)), List.of(
                heldOut("dialogue_summarization", ROUGE_L, 0.764, 0.067, -0.748, -0.638),
                heldOut("dialogue_topic", EXACT_MATCH, 1.0, 0.0, -1.0, -1.0),
                heldOut("review_rating", EXACT_MATCH, 0.95, 0.0, -1.0, -0.85),
                heldOut("review_title", ROUGE_L, 0.188, 0.038, -0.261, -0.038),
                heldOut("sentiment", EXACT_MATCH, 1.0, 0.0, -1.0, -1.0),
                heldOut("named_entity_extraction", ROUGE_L, 0.373, 0.0, -0.408, -0.343),
                heldOut("entity_question", EXACT_MATCH, 0.1, 0.0, -0.25, 0.0)), BASE);

        assertThat(decision.promote()).isFalse();
        assertThat(decision.reasons()).filteredOn(reason -> reason.contains(" forgotten: ")).hasSize(6);
        assertThat(decision.reasons()).contains(
                "dialogue_summarization ROUGE-L \u221291 % [\u221298 %, \u221284 %] forgotten: the whole interval is"
                        + " beyond the 5 % tolerance",
                "review_title ROUGE-L \u221280 % [\u2212139 %, \u221220 %] forgotten: the whole interval is beyond"
                        + " the 5 % tolerance",
                "entity_question accuracy \u2212100 % [\u2212250 %, \u00b10 %] not confidently beyond the 5 % tolerance");
        assertThat(decision.reasons()).last().isEqualTo("held-out suite \u221298 % (7 tasks, summed scores 4.375"
                + " \u2192 0.105) exceeds the 5 % suite tolerance");
    }

    /** 20 examples: the base answered 19 right, the candidate 18. One changed answer is −5.3 %, and not evidence. */
    @Test
    void oneChangedAnswerOfTwentyIsNoiseNotForgetting() {
        GateDecision decision = gate.decide(List.of(test(ROUGE_L, 0.2, 0.15, 0.25)), List.of(
                heldOut("review_rating", EXACT_MATCH, 0.95, 0.90, -0.15, 0.0),
                heldOut("sentiment", EXACT_MATCH, 1.0, 1.0, 0.0, 0.0),
                heldOut("dialogue_summarization", ROUGE_L, 0.75, 0.72, -0.09, 0.03)), BASE);

        assertThat(decision.promote()).isTrue();
        assertThat(decision.reasons()).contains(
                "review_rating accuracy \u22125 % [\u221216 %, \u00b10 %] not confidently beyond the 5 % tolerance",
                "dialogue_summarization ROUGE-L \u22124 % [\u221212 %, +4 %] within the 5 % tolerance");
        assertThat(decision.reasons()).last().isEqualTo("held-out suite \u22123 % (3 tasks, summed scores 2.700"
                + " \u2192 2.620) within the 5 % suite tolerance");
    }

    /** Many small drops, none of them confidently beyond the tolerance, add up: the suite rule rejects them. */
    @Test
    void broadForgettingSpreadOverTasksIsRejectedByTheSuite() {
        GateDecision decision = gate.decide(List.of(test(ROUGE_L, 0.2, 0.15, 0.25)), List.of(
                heldOut("dialogue_topic", EXACT_MATCH, 1.0, 0.9, -0.25, 0.0),
                heldOut("review_rating", EXACT_MATCH, 1.0, 0.9, -0.25, 0.0),
                heldOut("sentiment", EXACT_MATCH, 1.0, 0.95, -0.15, 0.0)), BASE);

        assertThat(decision.promote()).isFalse();
        assertThat(decision.reasons()).noneMatch(reason -> reason.contains("forgotten"));
        assertThat(decision.reasons()).last().isEqualTo("held-out suite \u22128 % (3 tasks, summed scores 3.000"
                + " \u2192 2.750) exceeds the 5 % suite tolerance");
    }

    @Test
    void aTaskIsForgottenOnlyWhenTheWholeIntervalIsBeyondTheTolerance() {
        // upper bound exactly −5 % of 0.80 (with rounding noise in the last bit): not beyond
        GateDecision atTheBoundary = gate.decide(List.of(test(ROUGE_L, 0.2, 0.1, 0.3)),
                List.of(heldOut("sentiment", 0.80, 0.72, -0.20, -0.04), heldOut("topic", 1.0, 1.0, 0, 0)), BASE);
        // upper bound −6 %: forgotten, although the suite as a whole is within its tolerance
        GateDecision beyond = gate.decide(List.of(test(ROUGE_L, 0.2, 0.1, 0.3)),
                List.of(heldOut("sentiment", 0.80, 0.72, -0.20, -0.048), heldOut("topic", 1.0, 1.0, 0, 0),
                        heldOut("rating", 1.0, 1.0, 0, 0)), BASE);

        assertThat(atTheBoundary.promote()).isTrue();
        assertThat(atTheBoundary.reasons()).contains(
                "sentiment accuracy \u221210 % [\u221225 %, \u22125 %] not confidently beyond the 5 % tolerance");
        assertThat(beyond.promote()).isFalse();
        assertThat(beyond.reasons()).contains("sentiment accuracy \u221210 % [\u221225 %, \u22126 %] forgotten:"
                + " the whole interval is beyond the 5 % tolerance");
        assertThat(beyond.reasons()).last().asString().endsWith("within the 5 % suite tolerance");
    }

    @Test
    void theSuiteToleranceIsMetExactlyAtItsBoundary() {
        PromotionGate strictTasks = new PromotionGate(new GatePolicy(Metric.ROUGE_L, 0, 0.05, 0.05));
        // 0.80 + 1.00 = 1.80 -> 1.71: exactly −5 %
        GateDecision exactly = strictTasks.decide(List.of(test(ROUGE_L, 0.2, 0.1, 0.3)),
                List.of(heldOut("sentiment", 0.80, 0.71, -0.2, 0.0), heldOut("topic", 1.0, 1.0, 0, 0)), BASE);
        GateDecision beyond = strictTasks.decide(List.of(test(ROUGE_L, 0.2, 0.1, 0.3)),
                List.of(heldOut("sentiment", 0.80, 0.70, -0.2, 0.0), heldOut("topic", 1.0, 1.0, 0, 0)), BASE);

        assertThat(exactly.promote()).isTrue();
        assertThat(beyond.promote()).isFalse();
        assertThat(beyond.reasons()).last().isEqualTo("held-out suite \u22126 % (2 tasks, summed scores 1.800"
                + " \u2192 1.700) exceeds the 5 % suite tolerance");
    }

    @Test
    void gainsOnOneTaskCountInTheSuiteButDoNotHideAForgottenTask() {
        GateDecision decision = gate.decide(List.of(test(ROUGE_L, 0.2, 0.1, 0.3)), List.of(
                heldOut("review_title", ROUGE_L, 0.035, 0.242, 0.1, 0.343),
                heldOut("dialogue_summarization", ROUGE_L, 0.75, 0.56, -0.33, -0.057)), BASE);

        assertThat(decision.promote()).isFalse();
        assertThat(decision.reasons()).anyMatch(reason -> reason.startsWith("dialogue_summarization ROUGE-L "
                + MINUS + "25 %") && reason.contains("forgotten"));
        assertThat(decision.reasons()).last().asString().endsWith("within the 5 % suite tolerance");
    }

    @Test
    void rejectsAGainBelowTheMargin() {
        GateDecision decision = gate.decide(List.of(test(ROUGE_L, 0.004, 0.001, 0.008)), List.of(), BASE);

        assertThat(decision.promote()).isFalse();
        assertThat(decision.reasons()).containsExactly(
                "ROUGE-L +0.004 [0.001, 0.008] against the base model is below the 0.010 margin");
    }

    @Test
    void rejectsAGainWhoseIntervalReachesZero() {
        GateDecision decision = gate.decide(List.of(test(ROUGE_L, 0.05, -0.02, 0.12)), List.of(),
                "the promoted model");

        assertThat(decision.promote()).isFalse();
        assertThat(decision.reasons()).containsExactly("ROUGE-L +0.050 [\u22120.020, 0.120] against the promoted"
                + " model: the interval's lower bound is not above zero");
    }

    @Test
    void rejectsALossEvenWithoutAMargin() {
        PromotionGate noMargin = new PromotionGate(new GatePolicy(Metric.ROUGE_L, 0, 0.05));

        GateDecision decision = noMargin.decide(List.of(test(ROUGE_L, -0.03, -0.05, -0.01)), List.of(), BASE);

        assertThat(decision.promote()).isFalse();
        assertThat(decision.summary()).isEqualTo("ROUGE-L \u22120.030 [\u22120.050, \u22120.010] against the base"
                + " model is below the 0.000 margin");
    }

    @Test
    void exactlyTheMarginCountsAsMet() {
        GateDecision decision = gate.decide(List.of(test(ROUGE_L, 0.01, 0.001, 0.02)), List.of(), BASE);

        assertThat(decision.promote()).isTrue();
    }

    @Test
    void judgesTheConfiguredTargetMetricOnly() {
        PromotionGate exactMatch = new PromotionGate(new GatePolicy(Metric.EXACT_MATCH, 0.02, 0.025));

        GateDecision decision = exactMatch.decide(List.of(test(ROUGE_L, -0.2, -0.3, -0.1),
                test(EXACT_MATCH, 0.10, 0.05, 0.15)), List.of(heldOut("ner", 0.40, 0.392, -0.01, 0.0)), BASE);

        assertThat(decision.promote()).isTrue();
        assertThat(decision.reasons()).containsExactly(
                "accuracy +0.100 [0.050, 0.150] against the base model beats the 0.020 margin",
                "ner accuracy \u22122 % [\u22123 %, \u00b10 %] within the 2.5 % tolerance",
                "held-out suite \u22122 % (1 task, summed scores 0.400 \u2192 0.392) within the 2.5 % suite tolerance");
    }

    @Test
    void rejectsWhenTheTargetMetricIsMissingOrNotANumber() {
        assertThat(gate.decide(List.of(test(ROUGE1, 0.3, 0.2, 0.4)), List.of(), BASE).summary())
                .isEqualTo("no ROUGE-L score on the test split to compare");
        GateDecision nan = gate.decide(List.of(test(ROUGE_L, Double.NaN, 0.1, 0.2)), List.of(), BASE);
        assertThat(nan.promote()).isFalse();
        assertThat(nan.summary()).isEqualTo("ROUGE-L difference against the base model is not a number");
    }

    @Test
    void aHeldOutTaskThatIsNotANumberRejects() {
        GateDecision decision = gate.decide(List.of(test(ROUGE_L, 0.2, 0.1, 0.3)),
                List.of(heldOut("ner", 0.5, Double.NaN, Double.NaN, Double.NaN)), BASE);

        assertThat(decision.promote()).isFalse();
        assertThat(decision.reasons()).contains("ner accuracy is not a number");
    }

    @Test
    void aHeldOutTaskTheReferenceScoredZeroOnCannotDrop() {
        GateDecision decision = gate.decide(List.of(test(ROUGE_L, 0.2, 0.1, 0.3)),
                List.of(heldOut("ner", 0.0, 0.0, 0.0, 0.0)), BASE);

        assertThat(decision.promote()).isTrue();
        assertThat(decision.reasons()).containsSubsequence("ner accuracy \u00b10 % [\u00b10 %, \u00b10 %] within the"
                + " 5 % tolerance", "held-out suite \u00b10 % (1 task, summed scores 0.000 \u2192 0.000) within the"
                + " 5 % suite tolerance");
    }

    @Test
    void aSmallChangeShowsOneDecimal() {
        GateDecision decision = gate.decide(List.of(test(ROUGE_L, 0.2, 0.1, 0.3)),
                List.of(heldOut("sentiment", 0.80, 0.797, -0.005, 0.0)), BASE);

        assertThat(decision.reasons()).contains(
                "sentiment accuracy \u22120.4 % [\u22120.6 %, \u00b10 %] within the 5 % tolerance");
    }

    @Test
    void refusesPoliciesThatMakeNoSense() {
        assertThatThrownBy(() -> new GatePolicy(null, 0, 0.05)).hasMessageContaining("target metric");
        assertThatThrownBy(() -> new GatePolicy(Metric.ROUGE_L, -0.1, 0.05)).hasMessageContaining("margin");
        assertThatThrownBy(() -> new GatePolicy(Metric.ROUGE_L, 0, 1.5)).hasMessageContaining("forgetting tolerance");
        assertThatThrownBy(() -> new GatePolicy(Metric.ROUGE_L, 0, 0.05, -0.01))
                .hasMessageContaining("suite tolerance");
        assertThat(new GatePolicy(Metric.ROUGE_L, 0, 0.05).suiteTolerance()).isEqualTo(0.05);
    }

    private static Comparison test(String metric, double difference, double lower, double upper) {
        return new Comparison("test", metric, 0.3, 0.3 + difference, new ConfidenceInterval(difference, lower, upper));
    }

    private static Comparison heldOut(String task, double reference, double candidate, double lower, double upper) {
        return heldOut(task, EXACT_MATCH, reference, candidate, lower, upper);
    }

    private static Comparison heldOut(String task, String metric, double reference, double candidate, double lower,
                                      double upper) {
        return new Comparison(task, metric, reference, candidate,
                new ConfidenceInterval(candidate - reference, lower, upper));
    }
}
