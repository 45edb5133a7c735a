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
    private final PromotionGate gate = new PromotionGate(new GatePolicy(Metric.ROUGE_L, 0.01, 0.05));

    @Test
    void promotesAClearGainWithoutForgettingAndSaysWhy() {
        GateDecision decision = gate.decide(List.of(test(ROUGE1, 0.30, 0.10, 0.40), test(ROUGE_L,
                0.21, 0.18, 0.24)), List.of(heldOut("sentiment", 0.80, 0.79)), BASE);

        assertThat(decision.promote()).isTrue();
        assertThat(decision.reasons()).containsExactly(
                "ROUGE-L +0.210 [0.180, 0.240] against the base model beats the 0.010 margin",
                "sentiment accuracy \u22121 % within the 5 % tolerance");
    }

    @Test
    void rejectsACandidateThatForgetsBeyondTheToleranceInThePersonsWords() {
        GateDecision decision = gate.decide(List.of(test(ROUGE_L, 0.21, 0.18, 0.24)),
                List.of(heldOut("sentiment", 0.75, 0.66), heldOut("star-rating", 0.50, 0.52)), BASE);

        assertThat(decision.promote()).isFalse();
        assertThat(decision.summary()).isEqualTo("ROUGE-L +0.210 [0.180, 0.240] against the base model beats the"
                + " 0.010 margin; sentiment accuracy \u221212 % exceeds the 5 % tolerance;"
                + " star-rating accuracy +4 % within the 5 % tolerance");
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
    void boundariesCountAsMet() {
        // exactly the margin, and exactly the tolerance (0.80 -> 0.76 is -5 %), with rounding noise in the last bit
        GateDecision decision = gate.decide(List.of(test(ROUGE_L, 0.01, 0.001, 0.02)),
                List.of(heldOut("sentiment", 0.80, 0.76)), BASE);

        assertThat(decision.promote()).isTrue();
        assertThat(decision.reasons()).last().isEqualTo("sentiment accuracy \u22125 % within the 5 % tolerance");
    }

    @Test
    void judgesTheConfiguredTargetMetricOnly() {
        PromotionGate exactMatch = new PromotionGate(new GatePolicy(Metric.EXACT_MATCH, 0.02, 0.025));

        GateDecision decision = exactMatch.decide(List.of(test(ROUGE_L, -0.2, -0.3, -0.1),
                test(EXACT_MATCH, 0.10, 0.05, 0.15)), List.of(heldOut("ner", 0.40, 0.392)), BASE);

        assertThat(decision.promote()).isTrue();
        assertThat(decision.reasons()).containsExactly(
                "accuracy +0.100 [0.050, 0.150] against the base model beats the 0.020 margin",
                "ner accuracy \u22122 % within the 2.5 % tolerance");
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
    void aHeldOutTaskTheReferenceScoredZeroOnCannotDrop() {
        GateDecision decision = gate.decide(List.of(test(ROUGE_L, 0.2, 0.1, 0.3)),
                List.of(heldOut("ner", 0.0, 0.0)), BASE);

        assertThat(decision.promote()).isTrue();
        assertThat(decision.reasons()).last().isEqualTo("ner accuracy \u00b10 % within the 5 % tolerance");
    }

    @Test
    void aSmallChangeShowsOneDecimal() {
        GateDecision decision = gate.decide(List.of(test(ROUGE_L, 0.2, 0.1, 0.3)),
                List.of(heldOut("sentiment", 0.80, 0.797)), BASE);

        assertThat(decision.reasons()).last().isEqualTo("sentiment accuracy \u22120.4 % within the 5 % tolerance");
    }

    @Test
    void refusesPoliciesThatMakeNoSense() {
        assertThatThrownBy(() -> new GatePolicy(null, 0, 0.05)).hasMessageContaining("target metric");
        assertThatThrownBy(() -> new GatePolicy(Metric.ROUGE_L, -0.1, 0.05)).hasMessageContaining("margin");
        assertThatThrownBy(() -> new GatePolicy(Metric.ROUGE_L, 0, 1.5)).hasMessageContaining("tolerance");
    }

    private static Comparison test(String metric, double difference, double lower, double upper) {
        return new Comparison("test", metric, 0.3, 0.3 + difference, new ConfidenceInterval(difference, lower, upper));
    }

    private static Comparison heldOut(String task, double reference, double candidate) {
        double difference = candidate - reference;
        return new Comparison(task, EXACT_MATCH, reference, candidate,
                new ConfidenceInterval(difference, difference - 0.01, difference + 0.01));
    }
}
