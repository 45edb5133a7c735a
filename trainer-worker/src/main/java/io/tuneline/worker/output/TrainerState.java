package io.tuneline.worker.output;

import java.util.List;

/**
 * Everything besides weights and optimizer moments that a resumed run needs to continue exactly where a
 * checkpoint was taken: {@code trainer_state/state.json}. The dropout masks of a step come from DJL's
 * {@code RandomUtils}, which the worker reseeds before every step from {@code (seed, batchGroupsConsumed)}, so
 * the counter is the whole random state.
 *
 * @param step                 optimizer steps done (skipped non-finite steps excluded)
 * @param epoch                epoch of the next batch group
 * @param nextBatch            position of the next batch in that epoch's (seeded) batch order
 * @param batchGroupsConsumed  optimizer-step attempts so far, skipped ones included; seeds the next step's dropout
 * @param trainFingerprint     the tokenized training data it was taken on (count and checksum of the ids)
 * @param evaluations          every validation loss so far
 * @param checkpoints          the checkpoint folders kept so far, with their validation loss
 */
public record TrainerState(
        int formatVersion,
        String runId,
        String optimizer,
        long step,
        long totalSteps,
        int epoch,
        int nextBatch,
        long batchGroupsConsumed,
        long seed,
        String trainFingerprint,
        int nonFiniteInARow,
        long skippedSteps,
        long tokensSeen,
        double lastLoss,
        List<Evaluation> evaluations,
        int evaluationsWithoutImprovement,
        List<CheckpointScore> checkpoints) {

    public static final int FORMAT_VERSION = 1;

    /**
     * A validation loss (mean over the validation file's label tokens, no dropout) after {@code step}, and the loss
     * on the general-task validation files when the spec watches some ({@code validationMixWith}; else null). A run
     * that watches them is evaluated once before its first step as well (step 0): the reference its tolerance is
     * measured from.
     */
    public record Evaluation(long step, double validationLoss, Double generalValidationLoss) {

        public Evaluation(long step, double validationLoss) {
            this(step, validationLoss, null);
        }
    }

    /**
     * A kept checkpoint folder; {@code validationLoss} is null when the run has no validation file,
     * {@code generalValidationLoss} when it watches no general-task validation files.
     */
    public record CheckpointScore(String name, long step, Double validationLoss, Double generalValidationLoss) {

        public CheckpointScore(String name, long step, Double validationLoss) {
            this(name, step, validationLoss, null);
        }
    }
}
