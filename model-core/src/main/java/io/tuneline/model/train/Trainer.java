package io.tuneline.model.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.tuneline.model.nn.ForwardOutput;
import io.tuneline.model.nn.Ops;
import io.tuneline.model.nn.T5ForConditionalGeneration;
import java.util.List;

/**
 * Fine-tunes a T5 model: each optimizer step runs forward and backward over its micro-batches, clips the
 * gradients by global norm and applies AdamW with the scheduled rate. Every array of a step is created in a
 * fresh sub-manager that is closed at the end of the step, so only parameters and optimizer state persist.
 */
public final class Trainer implements AutoCloseable {

    /** What one optimizer step did. */
    public record StepResult(int step, float loss, float gradientNorm, double learningRate, int labelTokens) {
    }

    /** Receives every finished step; returning false stops {@link #train}. */
    @FunctionalInterface
    public interface StepListener {
        boolean onStep(StepResult result);
    }

    private final T5ForConditionalGeneration model;
    private final TrainingConfig config;
    private final AdamW optimizer;
    private final LinearSchedule schedule;

    public Trainer(T5ForConditionalGeneration model, TrainingConfig config) {
        this.model = model;
        this.config = config;
        Engine.getInstance().setRandomSeed((int) config.seed());
        model.setTrainable(true);
        this.optimizer = new AdamW(model.trainableParameters(), config,
                config.decayNormWeights() ? name -> true : AdamW.decayAllButNorms());
        this.schedule = new LinearSchedule(config.learningRate(), config.warmupSteps(), config.totalSteps());
    }

    /**
     * One optimizer step over {@code microBatches} (gradient accumulation). The loss is the mean over all
     * label tokens of all micro-batches, so k micro-batches give the same update as one batch holding them all.
     */
    public StepResult step(List<Seq2SeqBatch> microBatches) {
        int labelTokens = microBatches.stream().mapToInt(Seq2SeqBatch::labelTokenCount).sum();
        if (labelTokens == 0) {
            throw new IllegalArgumentException("the micro-batches hold no label tokens");
        }
        try (NDManager step = model.manager().newSubManager()) {
            float loss = 0f;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                for (Seq2SeqBatch batch : microBatches) {
                    loss += backward(batch, labelTokens, collector, step);
                }
            }
            GradientClipping.Result clipping = GradientClipping.measure(model.trainableParameters().values(),
                    config.maxGradNorm(), step);
            double learningRate = schedule.learningRate(optimizer.steps());
            optimizer.step(learningRate, clipping.scale(), step);
            return new StepResult(optimizer.steps(), loss, clipping.norm(), learningRate, labelTokens);
        }
    }

    /**
     * Runs optimizer steps over length-bucketed batches of {@code examples}, epoch after epoch, until
     * {@link TrainingConfig#totalSteps()} steps are done or the listener says stop.
     */
    public void train(List<Seq2SeqExample> examples, StepListener listener) {
        LengthBucketedBatcher batcher = new LengthBucketedBatcher(config.batchSize(), config.seed());
        for (int epoch = 0; optimizer.steps() < config.totalSteps(); epoch++) {
            List<Seq2SeqBatch> batches = batcher.batches(examples, epoch);
            for (int from = 0; from + config.accumulationSteps() <= batches.size()
                    && optimizer.steps() < config.totalSteps(); from += config.accumulationSteps()) {
                if (!listener.onStep(step(batches.subList(from, from + config.accumulationSteps())))) {
                    return;
                }
            }
            if (batches.size() < config.accumulationSteps()) {
                throw new IllegalArgumentException("too few examples (" + examples.size() + ") for "
                        + config.accumulationSteps() + " micro-batches of " + config.batchSize());
            }
        }
    }

    /** Optimizer steps taken so far. */
    public int completedSteps() {
        return optimizer.steps();
    }

    @Override
    public void close() {
        optimizer.close();
        model.setTrainable(false);
    }

    /**
     * Forward and backward of one micro-batch; its activations are freed before the next one runs. The model's
     * mean loss over this micro-batch's label tokens is reweighted to its share of all label tokens of the step.
     */
    private float backward(Seq2SeqBatch batch, int labelTokens, GradientCollector collector, NDManager step) {
        try (NDManager micro = step.newSubManager()) {
            ForwardOutput output = model.forward(batch.inputIdsArray(micro), batch.attentionMaskArray(micro),
                    batch.labelsArray(micro), true);
            NDArray loss = Ops.scale(output.loss(), (float) batch.labelTokenCount() / labelTokens);
            collector.backward(loss);
            return loss.getFloat();
        }
    }
}
