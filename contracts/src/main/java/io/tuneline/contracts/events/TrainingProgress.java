package io.tuneline.contracts.events;

/** Emitted every few optimizer steps of a training run; consumers draw loss curves from it. */
public record TrainingProgress(String runId, long step, long totalSteps, int epoch, double loss,
                               double learningRate, double tokensPerSecond) implements EventPayload {

    @Override
    public String key() {
        return runId;
    }
}
