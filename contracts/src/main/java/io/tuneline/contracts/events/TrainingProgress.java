package io.tuneline.contracts.events;

/**
 * Emitted every few optimizer steps of a training run; consumers draw loss curves from it.
 * {@code validationLoss} is null between evaluations; {@code etaSeconds} is negative while unknown.
 * {@code generalValidationLoss} is the loss on the spec's general-task validation files ({@code validationMixWith}),
 * reported with {@code validationLoss} so that the trade-off between learning the data and forgetting the general
 * tasks is visible; null between evaluations and for runs that watch no general files.
 */
public record TrainingProgress(String runId, long step, long totalSteps, int epoch, double loss,
                               Double validationLoss, double learningRate, double tokensPerSecond,
                               long etaSeconds, Double generalValidationLoss) implements EventPayload {

    /** Progress of a run that watches no general-task validation files. */
    public TrainingProgress(String runId, long step, long totalSteps, int epoch, double loss, Double validationLoss,
            double learningRate, double tokensPerSecond, long etaSeconds) {
        this(runId, step, totalSteps, epoch, loss, validationLoss, learningRate, tokensPerSecond, etaSeconds, null);
    }

    @Override
    public String key() {
        return runId;
    }
}
