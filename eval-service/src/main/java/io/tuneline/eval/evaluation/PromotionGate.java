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
 *   <li>no held-out task is forgotten: a task fails only when its drop relative to the base model's score is beyond
 *   the tolerance <em>with confidence</em> (the whole interval of its change lies below {@code −tolerance}), so that
 *   one changed answer out of twenty is not mistaken for forgetting,</li>
 *   <li>the held-out suite as a whole keeps its score: the sum of every task's score may drop by at most the suite
 *   tolerance relative to the base model's sum (point estimate; pooled over every held-out example, so noise
 *   averages out while broad forgetting adds up).</li>
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
        if (!heldOut.isEmpty()) {
            promote &= suiteReason(heldOut, reasons);
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

    /** Rule 3: forgotten only when the whole interval of the relative change is beyond the tolerance. */
    private boolean forgettingReason(Comparison task, List<String> reasons) {
        String name = task.task() + " " + label(task.metric());
        if (!isFinite(task.difference()) || Double.isNaN(task.reference())) {
            reasons.add(name + " is not a number");
            return false;
        }
        double tolerance = policy.forgettingTolerance();
        String measured = name + " " + signedPercent(task.relativeChange()) + " [" + signedPercent(relative(task,
                task.difference().lower())) + ", " + signedPercent(relative(task, task.difference().upper())) + "]";
        String limit = "the " + percent(tolerance) + " tolerance";
        if (-relative(task, task.difference().upper()) > tolerance + SLACK) {
            reasons.add(measured + " forgotten: the whole interval is beyond " + limit);
            return false;
        }
        reasons.add(measured + (-task.relativeChange() > tolerance + SLACK
                ? " not confidently beyond " + limit : " within " + limit));
        return true;
    }

    /** Rule 4: the summed score of every held-out task, candidate against base. */
    private boolean suiteReason(List<Comparison> heldOut, List<String> reasons) {
        double before = 0;
        double after = 0;
        int tasks = 0;
        for (Comparison task : heldOut) {
            if (isFinite(task.difference()) && Double.isFinite(task.reference())) {
                before += task.reference();
                after += task.reference() + task.difference().estimate();
                tasks++;
            }
        }
        double change = before == 0 ? 0 : (after - before) / before;
        String measured = "held-out suite " + signedPercent(change) + " (" + tasks + (tasks == 1 ? " task" : " tasks")
                + ", summed scores " + plain(before) + " \u2192 " + plain(after) + ")";
        String limit = "the " + percent(policy.suiteTolerance()) + " suite tolerance";
        if (-change > policy.suiteTolerance() + SLACK) {
            reasons.add(measured + " exceeds " + limit);
            return false;
        }
        reasons.add(measured + " within " + limit);
        return true;
    }

    /** A bound of the change relative to the reference's score; 0 when the reference is 0, as {@code relativeChange}. */
    private static double relative(Comparison task, double change) {
        return task.reference() == 0 ? 0 : change / task.reference();
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
