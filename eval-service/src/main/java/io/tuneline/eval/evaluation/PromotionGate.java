package io.tuneline.eval.evaluation;

import io.tuneline.evaluation.metrics.Metric;
import io.tuneline.evaluation.stats.ConfidenceInterval;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether a candidate replaces the model it was compared with. Pure: the same comparisons always give the
 * same decision and the same words. Promotes only when every rule of the {@link GatePolicy} holds:
 * <ol>
 *   <li>the target metric's mean difference (candidate − reference) reaches the margin,</li>
 *   <li>the lower bound of that difference's interval is above zero (the gain is not noise),</li>
 *   <li>no held-out task's score drops by more than the tolerance, relative to the reference's score.</li>
 * </ol>
 * Every rule contributes a reason, met or not, so a promotion explains itself as well as a rejection.
 */
public final class PromotionGate {

    /** Scores are means of doubles: equality at a boundary must not depend on the last bit. */
    private static final double SLACK = 1e-12;
    private static final char MINUS = '\u2212';

    private final GatePolicy policy;

    public PromotionGate(GatePolicy policy) {
        this.policy = policy;
    }

    public GatePolicy policy() {
        return policy;
    }

    /**
     * @param test      candidate vs reference on the run's test split, one entry per metric
     * @param heldOut   candidate vs reference on each held-out task, on that task's metric
     * @param reference what the candidate was compared with, as a person says it ("the base model")
     */
    public GateDecision decide(List<Comparison> test, List<Comparison> heldOut, String reference) {
        List<String> reasons = new ArrayList<>();
        boolean promote = targetReason(test, reference, reasons);
        for (Comparison task : heldOut) {
            promote &= forgettingReason(task, reasons);
        }
        return new GateDecision(promote, reasons);
    }

    private boolean targetReason(List<Comparison> test, String reference, List<String> reasons) {
        String label = label(policy.targetMetric().key());
        Optional<Comparison> found = test.stream()
                .filter(comparison -> comparison.metric().equals(policy.targetMetric().key()))
                .findFirst();
        if (found.isEmpty()) {
            reasons.add("no " + label + " score on the test split to compare");
            return false;
        }
        ConfidenceInterval difference = found.get().difference();
        if (!isFinite(difference)) {
            reasons.add(label + " difference against " + reference + " is not a number");
            return false;
        }
        String measured = label + " " + signed(difference.estimate()) + " [" + plain(difference.lower()) + ", "
                + plain(difference.upper()) + "] against " + reference;
        if (difference.estimate() < policy.margin() - SLACK) {
            reasons.add(measured + " is below the " + plain(policy.margin()) + " margin");
            return false;
        }
        if (difference.lower() <= SLACK) {
            reasons.add(measured + ": the interval's lower bound is not above zero");
            return false;
        }
        reasons.add(policy.margin() > 0 ? measured + " beats the " + plain(policy.margin()) + " margin" : measured);
        return true;
    }

    private boolean forgettingReason(Comparison task, List<String> reasons) {
        String name = task.task() + " " + label(task.metric());
        if (!isFinite(task.difference()) || Double.isNaN(task.reference())) {
            reasons.add(name + " is not a number");
            return false;
        }
        double change = task.relativeChange();
        String tolerance = percent(policy.forgettingTolerance());
        if (-change > policy.forgettingTolerance() + SLACK) {
            reasons.add(name + " " + signedPercent(change) + " exceeds the " + tolerance + " tolerance");
            return false;
        }
        reasons.add(name + " " + signedPercent(change) + " within the " + tolerance + " tolerance");
        return true;
    }

    private static boolean isFinite(ConfidenceInterval interval) {
        return Double.isFinite(interval.estimate()) && Double.isFinite(interval.lower())
                && Double.isFinite(interval.upper());
    }

    /** The metric as a person names it; the mean of exact match is an accuracy. */
    static String label(String metricKey) {
        if (metricKey.equals(Metric.EXACT_MATCH.key())) {
            return "accuracy";
        }
        try {
            return Metric.fromKey(metricKey).label();
        } catch (IllegalArgumentException e) {
            return metricKey;
        }
    }

    /** {@code +0.210}, {@code −0.012}: three decimals, always signed. */
    static String signed(double value) {
        String text = String.format(Locale.ROOT, "%.3f", Math.abs(value));
        boolean zero = text.equals("0.000");
        return (zero ? "\u00b1" : value < 0 ? String.valueOf(MINUS) : "+") + text;
    }

    /** {@code 0.180}, {@code −0.010}. */
    static String plain(double value) {
        String text = String.format(Locale.ROOT, "%.3f", Math.abs(value));
        return value < 0 && !text.equals("0.000") ? MINUS + text : text;
    }

    /** {@code −12 %}, {@code +0.4 %}: whole percent, one decimal below one percent. */
    static String signedPercent(double fraction) {
        double percent = fraction * 100;
        String digits = Math.abs(percent) < 0.95 ? String.format(Locale.ROOT, "%.1f", Math.abs(percent))
                : String.valueOf(Math.round(Math.abs(percent)));
        if (digits.equals("0.0") || digits.equals("0")) {
            return "\u00b10 %";
        }
        return (percent < 0 ? String.valueOf(MINUS) : "+") + digits + " %";
    }

    /** {@code 5 %}, {@code 2.5 %}. */
    static String percent(double fraction) {
        return new BigDecimal(Double.toString(fraction)).movePointRight(2).stripTrailingZeros().toPlainString()
                + " %";
    }
}
