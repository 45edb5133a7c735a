package io.tuneline.trainer.retraining;

import io.tuneline.contracts.events.PromptsRendered;

import java.time.Duration;
import java.time.Instant;

/** Whether a render should start a run under a policy; {@code reason} says why not (or what started). */
public record RetrainingDecision(boolean start, String reason) {

    public static RetrainingDecision decide(RetrainingPolicy policy, RetrainingState last, PromptsRendered rendered,
                                            Instant now) {
        if (policy == null || !policy.enabled()) {
            return new RetrainingDecision(false, "retraining is off for dataset " + rendered.datasetId());
        }
        if (policy.specTemplate() == null || policy.specTemplate().baseModel() == null) {
            return new RetrainingDecision(false, "the policy of " + rendered.datasetId() + " names no base model");
        }
        if (rendered.splits() == null || !rendered.splits().containsKey("train")) {
            return new RetrainingDecision(false, "render " + rendered.renderId() + " has no train split");
        }
        long train = rendered.counts() == null ? 0 : rendered.counts().getOrDefault("train", 0L);
        long since = last == null ? 0 : last.lastTrainExamples();
        if (train - since < policy.minNewExamples()) {
            return new RetrainingDecision(false, (train - since) + " new training examples, the policy wants "
                    + policy.minNewExamples());
        }
        if (last != null && last.lastRunAt() != null) {
            Duration elapsed = Duration.between(last.lastRunAt(), now);
            if (elapsed.compareTo(policy.minInterval()) < 0) {
                return new RetrainingDecision(false, "last run " + last.lastRunId() + " started " + elapsed
                        + " ago, the policy wants " + policy.minInterval());
            }
        }
        return new RetrainingDecision(true, (train - since) + " new training examples");
    }
}
