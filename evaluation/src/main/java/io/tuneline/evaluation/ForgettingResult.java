package io.tuneline.evaluation;

import io.tuneline.evaluation.stats.ConfidenceInterval;

/**
 * One held-out task scored before (the base model) and after (a later model).
 *
 * @param metric     metric key
 * @param change     paired difference after − before, with its interval
 * @param verdict    whether the task got clearly worse, clearly better, or did not change beyond noise
 * @param summary    the finding in plain words
 * @param forgotten  an example the base model got right and this model gets wrong (null when there is none)
 */
public record ForgettingResult(String task, String metric, String model, int examples, ConfidenceInterval before,
                               ConfidenceInterval after, ConfidenceInterval change, Verdict verdict, String summary,
                               ForgottenExample forgotten) {

    public enum Verdict {
        /** The whole interval of the change is below zero. */
        WORSE,
        /** The interval of the change contains zero. */
        UNCHANGED,
        /** The whole interval of the change is above zero. */
        BETTER
    }

    /** What a forgetting looks like on one example: the base model's answer next to the later model's. */
    public record ForgottenExample(String exampleId, String prompt, String reference, String before, String after) {
    }
}
