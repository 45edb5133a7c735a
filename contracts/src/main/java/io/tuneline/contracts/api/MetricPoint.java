package io.tuneline.contracts.api;

import io.tuneline.contracts.events.TrainingProgress;

import java.time.Instant;

/** One progress report of a run, as its metric history keeps it. */
public record MetricPoint(long step, long totalSteps, int epoch, double loss, Double validationLoss,
                          double learningRate, double tokensPerSecond, long etaSeconds, Instant at) {

    public static MetricPoint of(TrainingProgress progress, Instant at) {
        return new MetricPoint(progress.step(), progress.totalSteps(), progress.epoch(), progress.loss(),
                progress.validationLoss(), progress.learningRate(), progress.tokensPerSecond(),
                progress.etaSeconds(), at);
    }
}
