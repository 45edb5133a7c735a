package io.tuneline.contracts.events;

/**
 * Emitted every few optimizer steps of a training run; consumers draw loss curves from it.
 * {@code validationLoss} is null between evaluations; {@code etaSeconds} is negative while unknown.
 */
public record TrainingProgress(String runId, long step, long totalSteps, int epoch, double loss,
                               Double validationLoss, double learningRate, double tokensPerSecond,
                               long etaSeconds) implements EventPayload {

    @Override
    public String key() {
        return runId;
    }
}
